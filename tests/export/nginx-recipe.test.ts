// The exported nginx.conf names a WebSub hub exactly when the feeds themselves do.
import { describe, expect, it } from 'vitest';
import { nginxRecipe } from '../../src/export/nginx-recipe.ts';
import { makeSettings } from '../helpers/site-fixture.ts';

describe('nginx recipe', () => {
  describe('when the hub is the own one (the default) or off', () => {
    it.each([{ mode: 'own', url: 'https://news.example.org/websub' }, { mode: 'off' }] as const)(
      'sends no Link header (hub $mode)',
      (hub) => {
        expect(nginxRecipe(makeSettings({ hub }))).not.toContain('add_header Link');
      },
    );
  });

  describe('when an external hub is set', () => {
    it('sends its Link header for the subscription feeds', () => {
      const recipe = nginxRecipe(
        makeSettings({ hub: { mode: 'external', url: 'https://hub.example.net/' } }),
      );
      expect(recipe).toContain('add_header Link "<https://hub.example.net/>; rel=\\"hub\\"');
    });
  });
});
