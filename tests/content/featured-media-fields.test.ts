// The front matter fields `image`, `image_alt` and `attachments`: what a writer may give, and the
// errors for what they may not.
import { describe, expect, it } from 'vitest';
import { type ParseOptions, parseArticle } from '../../src/content/parse-article.ts';

const options: ParseOptions = {
  timeZone: 'UTC',
  idAuthority: 'news.example.org',
  articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
};

function parse(frontMatter: string) {
  const text = `---\ntitle: Episode\n${frontMatter}\n---\nBody.\n`;
  return parseArticle('articles/2022-06-02-episode.md', '2022-06-02-episode.md', Buffer.from(text), options);
}

function problems(frontMatter: string): string[] {
  const result = parse(frontMatter);
  if (result.ok) throw new Error('expected problems, got an article');
  return result.problems.map((p) => `${p.field}: ${p.message}`);
}

describe('front matter image and attachments', () => {
  describe('when they are valid', () => {
    it('resolves a media path against the article folder and keeps an absolute URL', () => {
      const result = parse(
        [
          'image: ./2022-06-02-episode/../2022-06-02-episode/cover.png',
          'image_alt: A microphone',
          'attachments:',
          '  - 2022-06-02-episode/episode.mp3',
          '  - { url: "https://cdn.example.org/e.ogg", title: OGG, duration: 75.4 }',
          '  - { url: "https://cdn.example.org/stream?id=7", type: audio/aac, size: 1234, duration: "02:05" }',
        ].join('\n'),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const { image, attachments, mediaReferences } = result.article;
      expect(image).toEqual({
        ref: './2022-06-02-episode/../2022-06-02-episode/cover.png',
        name: '2022-06-02-episode/cover.png',
        alt: 'A microphone',
      });
      expect(attachments).toEqual([
        { ref: '2022-06-02-episode/episode.mp3', name: '2022-06-02-episode/episode.mp3' },
        {
          ref: 'https://cdn.example.org/e.ogg',
          url: 'https://cdn.example.org/e.ogg',
          title: 'OGG',
          durationSeconds: 75,
        },
        {
          ref: 'https://cdn.example.org/stream?id=7',
          url: 'https://cdn.example.org/stream?id=7',
          mediaType: 'audio/aac',
          size: 1234,
          durationSeconds: 125,
        },
      ]);
      // Checked against the media files like a reference in the body.
      expect(mediaReferences?.map((r) => [r.field, r.name])).toEqual([
        ['image', '2022-06-02-episode/cover.png'],
        ['attachments', '2022-06-02-episode/episode.mp3'],
      ]);
    });
  });

  describe('when they are not', () => {
    it.each([
      ['image: notes.txt', /^image: "notes.txt" must be an image \(png, jpg, jpeg, gif, webp, avif or svg\)/],
      ['image: episode.mp3', /^image: "episode.mp3" must be an image/],
      ['image: ../secret.png', /^image: "..\/secret.png" points outside the articles folder/],
      ['image: javascript:alert(1)', /^image: "javascript:alert\(1\)" must be an absolute http\(s\) URL/],
      ['image: [a.png]', /^image: must be a media path or an absolute URL/],
      ['image_alt: A photo', /^image_alt: describes the featured image, so it needs an image field/],
      ['attachments: episode.mp3', /^attachments: must be a list of media paths or URLs/],
      [
        'attachments: [notes.txt]',
        /^attachments.0.url: "notes.txt" must be a media file in the articles folder/,
      ],
      [
        'attachments: [{ url: e.mp3, length: 3 }]',
        /^attachments.0.length: is not a known field of an attachment/,
      ],
      ['attachments: [{ url: e.mp3, size: 3 }]', /^attachments.0.size: is only for an absolute URL/],
      [
        'attachments: [{ url: e.mp3, duration: soon }]',
        /^attachments.0.duration: "soon" must be a number of seconds or H:MM:SS/,
      ],
      [
        'attachments: ["https://cdn.example.org/stream"]',
        /^attachments.0.type: is required: "https:\/\/cdn.example.org\/stream" does not end in a known media extension/,
      ],
      [
        'attachments: [{ url: "https://cdn.example.org/a.mp3", type: mp3 }]',
        /^attachments.0.type: must be a media type such as audio\/mpeg/,
      ],
    ])('%s is an error that says what to write', (field, message) => {
      const found = problems(field);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(message);
    });
  });
});
