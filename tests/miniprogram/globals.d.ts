// What a function handed to miniProgram.evaluate / mockWxMethod sees: it runs inside the mini program
// (WeChat's app service, or the H5 page behind the bridge), where these are globals.
declare const wx: any;
declare function getCurrentPages(): any[];
