import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../../src/lib/markdown';

describe('run notes in Markdown', () => {
  it('renders headings, paragraphs, lists, emphasis, code and links', () => {
    expect(markdownToHtml('# Result\nC = **10** wins, see `cv_results.json`.\n\n- one\n- *two*\n\n1. first\n2. second')).toBe(
      '<h3>Result</h3><p>C = <strong>10</strong> wins, see <code>cv_results.json</code>.</p><ul><li>one</li><li><em>two</em></li></ul><ol><li>first</li><li>second</li></ol>',
    );
    expect(markdownToHtml('[docs](https://mlflow.org/docs)')).toBe('<p><a href="https://mlflow.org/docs" rel="noopener noreferrer" target="_blank">docs</a></p>');
    expect(markdownToHtml('```\na < b\n```')).toBe('<pre><code>a &lt; b</code></pre>');
  });

  it('never lets markup or script through', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)> <script>alert(1)</script> [x](javascript:alert(1))');
    expect(html).not.toMatch(/<img|<script|href="javascript/);
    expect(html).toContain('&lt;script&gt;');
  });
});
