import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CategoryList } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard.js';
import { ZResponse } from '../http/validation.js';
import { Category } from './category.entity.js';

/** The platform's product categories (seeded; merchants pick one in the product editor, buyers filter by it). */
@ApiTags('products')
@Controller('categories')
@Public()
export class CategoriesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ZResponse(CategoryList)
  async list(): Promise<CategoryList> {
    const rows = await this.dataSource.getRepository(Category).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
    return { items: rows.map(({ id, name, parentId }) => ({ id, name, parentId })) };
  }
}
