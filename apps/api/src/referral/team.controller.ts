import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TeamQuery, TeamSummaryView, TeamView } from '@shareshop/common';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZQuery, ZResponse } from '../http/validation.js';
import { TeamService } from './team.service.js';

@ApiTags('distributors')
@ApiBearerAuth()
@Controller('distributors/me/team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ZResponse(TeamView)
  list(@CurrentUser() user: AuthUser, @ZQuery(TeamQuery) q: TeamQuery): Promise<TeamView> {
    return this.team.list(user.id, q.level as 1 | 2 | 3, q.page, q.pageSize);
  }

  @Get('summary')
  @ZResponse(TeamSummaryView)
  summary(@CurrentUser() user: AuthUser): Promise<TeamSummaryView> {
    return this.team.summary(user.id);
  }
}
