describe('openapi decorators', () => {
  afterEach(() => jest.resetModules());

  it("apply @nestjs/swagger's decorators when it is installed", () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ApiProperty, openApiAvailable } = require('./openapi.decorators');
      class Dto {
        @ApiProperty({ enum: ['a', 'b'] }) kind!: string;
      }
      expect(openApiAvailable).toBe(true);
      expect(Reflect.getMetadata('swagger/apiModelProperties', Dto.prototype, 'kind')).toMatchObject({
        enum: ['a', 'b'],
      });
    });
  });

  it('do nothing, and the module still loads, when it is not installed', () => {
    jest.isolateModules(() => {
      jest.doMock('@nestjs/swagger', () => {
        throw Object.assign(new Error("Cannot find module '@nestjs/swagger'"), { code: 'MODULE_NOT_FOUND' });
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ApiOkResponse, ApiProperty, ApiTags, openApiAvailable } = require('./openapi.decorators');
      @ApiTags('x')
      class Controller {
        @ApiOkResponse({ type: String }) get(): void {}
      }
      class Dto {
        @ApiProperty() kind!: string;
      }
      expect(openApiAvailable).toBe(false);
      expect(Reflect.getMetadataKeys(Dto.prototype, 'kind')).not.toContain('swagger/apiModelProperties');
      expect(Reflect.getMetadataKeys(Controller)).not.toContain('swagger/apiUseTags');
    });
  });
});
