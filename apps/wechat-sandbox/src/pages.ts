import { yuan } from './clock.js';
import { html, type Ctx, type Reply } from './http.js';
import { RESULT_URL_JS } from './redirect.js';
import type { Sandbox } from './sandbox.js';

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const BASE_CSS = `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#222}`;

function dashboard(sb: Sandbox): Reply {
  return html(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信沙箱 · 控制台</title><style>${BASE_CSS}
header{background:#07c160;color:#fff;padding:12px 20px}header h1{margin:0;font-size:18px}header p{margin:4px 0 0;font-size:12px;opacity:.9}
main{padding:16px 20px;display:grid;gap:16px}section{background:#fff;border-radius:8px;padding:12px 16px}
h2{font-size:15px;margin:0 0 8px}table{width:100%;border-collapse:collapse;font-size:12px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:420px}
.ok{color:#07c160}.bad{color:#fa5151}.muted{color:#999}</style></head><body>
<header><h1>微信服务端沙箱（分享小店）</h1><p>appid <b>${esc(sb.creds.appid)}</b> · 商户号 <b>${esc(sb.creds.mchid)}</b> · 签名模式 <b id="mode">${esc(sb.signingMode)}</b> · 每 2 秒自动刷新 · <a style="color:#fff" href="/__sandbox__/state">状态 JSON</a></p></header>
<main>
<section><h2>最近请求</h2><table><thead><tr><th>时间</th><th>方法</th><th>路径</th><th>状态</th><th>错误码</th><th>耗时</th></tr></thead><tbody id="calls"><tr><td class="muted" colspan="6">加载中…</td></tr></tbody></table></section>
<section><h2>通知投递</h2><table><thead><tr><th>时间</th><th>事件</th><th>类型</th><th>第几次</th><th>地址</th><th>HTTP 状态</th><th>响应 / 错误</th></tr></thead><tbody id="deliveries"><tr><td class="muted" colspan="7">加载中…</td></tr></tbody></table></section>
</main>
<script>
const esc=s=>String(s??'').replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const t=s=>new Date(s).toLocaleString('zh-CN',{hour12:false});
async function refresh(){
  try{
    const [calls,dels,mode]=await Promise.all(['/__sandbox__/calls','/__sandbox__/deliveries','/__sandbox__/signing-mode'].map(u=>fetch(u).then(r=>r.json())));
    document.getElementById('mode').textContent=mode.mode;
    document.getElementById('calls').innerHTML=calls.slice(-100).reverse().map(c=>'<tr><td>'+t(c.time)+'</td><td>'+esc(c.method)+'</td><td title="'+esc(c.path)+'">'+esc(c.path)+'</td><td class="'+(c.status<300?'ok':'bad')+'">'+c.status+(c.fault?' (故障注入 '+esc(c.fault)+')':'')+'</td><td>'+esc(c.error||'')+'</td><td>'+c.duration_ms+' ms</td></tr>').join('')||'<tr><td class="muted" colspan="6">暂无请求</td></tr>';
    document.getElementById('deliveries').innerHTML=dels.slice(-100).reverse().map(d=>'<tr><td>'+t(d.time)+'</td><td>'+esc(d.event)+'</td><td>'+esc(d.kind)+'</td><td>'+d.attempt+'</td><td title="'+esc(d.url)+'">'+esc(d.url)+'</td><td class="'+(d.status===200||d.status===204?'ok':'bad')+'">'+(d.status??'—')+'</td><td title="'+esc(d.error||d.response)+'">'+esc(d.error||d.response)+'</td></tr>').join('')||'<tr><td class="muted" colspan="7">暂无通知</td></tr>';
  }catch(e){}
}
refresh();setInterval(refresh,2000);
</script></body></html>`);
}

function cashier(sb: Sandbox, ctx: Ctx): Reply {
  const prepayId = ctx.query.get('prepay_id') ?? '';
  const redirect = ctx.query.get('redirect') ?? '';
  const tx = sb.state.txByPrepay(prepayId);
  const head = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>微信支付</title><style>${BASE_CSS}
.top{background:#fff;text-align:center;padding:28px 16px 24px}.merchant{font-size:15px;color:#555}.amount{font-size:40px;font-weight:600;margin:10px 0 4px}.amount small{font-size:24px;margin-right:2px}
.desc{font-size:13px;color:#999}.rows{background:#fff;margin-top:10px;padding:0 16px}.row{display:flex;justify-content:space-between;padding:14px 0;font-size:14px;border-bottom:1px solid #f0f0f0}.row:last-child{border:0}
.actions{padding:24px 16px;display:grid;gap:12px}button{border:0;border-radius:8px;font-size:17px;padding:13px}#pay{background:#07c160;color:#fff}#cancel{background:#f2f2f2;color:#07c160}.fail{background:none;color:#999;font-size:14px;padding:6px}
button:disabled{opacity:.6}.tip{text-align:center;font-size:12px;color:#999;padding:0 16px}.err{padding:60px 20px;text-align:center;color:#fa5151}</style></head><body>`;
  if (!tx) return html(`${head}<div class="err">订单不存在或 prepay_id 无效</div></body></html>`);
  const payable = tx.trade_state === 'NOTPAY' || tx.trade_state === 'PAYERROR';
  return html(`${head}
<div class="top"><div class="merchant">分享小店（沙箱商户 ${esc(tx.mchid)}）</div>
<div class="amount" id="amount"><small>¥</small>${yuan(tx.total)}</div><div class="desc">${esc(tx.description)}</div></div>
<div class="rows"><div class="row"><span>收款方</span><span>分享小店</span></div><div class="row"><span>支付方式</span><span>零钱（沙箱）</span></div><div class="row"><span>订单状态</span><span id="state">${payable ? '待支付' : esc(tx.trade_state)}</span></div></div>
<div class="actions"><button id="pay" ${payable ? '' : 'disabled'}>确认支付</button><button id="cancel" ${payable ? '' : 'disabled'}>取消</button><button id="fail" class="fail" ${payable ? '' : 'disabled'}>模拟支付失败</button></div>
<p class="tip">这是本地沙箱收银台，不会产生真实扣款。</p>
<script>
const prepayId=${JSON.stringify(prepayId)};const redirect=${JSON.stringify(redirect)};
${RESULT_URL_JS}
const TRADE={success:'SUCCESS',cancel:'USER_CANCELLED',fail:'PAYERROR'};
function back(result){
  if(!redirect){document.getElementById('state').textContent={success:'支付成功',cancel:'已取消',fail:'支付失败'}[result];return;}
  location.href=resultUrl(redirect,result,location.href);
}
async function finish(result){
  for(const id of ['pay','cancel','fail'])document.getElementById(id).disabled=true;
  const r=await fetch('/__sandbox__/payments/complete',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({prepay_id:prepayId,result:TRADE[result]})});
  if(!r.ok){const e=await r.json().catch(()=>({}));document.getElementById('state').textContent='失败：'+(e.error||r.status);return;}
  back(result);
}
document.getElementById('pay').onclick=()=>finish('success');
document.getElementById('cancel').onclick=()=>finish('cancel');
document.getElementById('fail').onclick=()=>finish('fail');
</script></body></html>`);
}

export function registerPages(sb: Sandbox): void {
  sb.router.add('GET', '/', 'page', () => dashboard(sb));
  sb.router.add('GET', '/cashier', 'page', (c) => cashier(sb, c));
}
