import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CategoryList } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard.js';
import { ZResponse } from '../http/validation.js';

/** The platform's product categories (seeded; merchants pick one in the product editor, buyers filter by it). */
@ApiTags('products')
@Controller('categories')
@Public()
export class CategoriesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ZResponse(CategoryList)
  async list(): Promise<CategoryList> {
    const rows = await this.dataSource.query('SELECT id, name, parent_id AS "parentId" FROM category ORDER BY sort_order, id');
    return { items: rows };
  }
}
