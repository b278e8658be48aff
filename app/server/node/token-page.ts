/**
 * What a browser shows when it reaches `fovea serve` without the per-start token (an old
 * bookmark, a restarted server, an address typed by hand): how to get in, in English and 中文.
 * Scripts and other clients get the same words as plain text.
 */
export const tokenPageText =
  'Fovea needs its access token: open the address that `npm start` or `fovea serve` printed.';

export function tokenPageHtml(isChineseFirst: boolean): string {
  const english = `<section lang="en">
    <h1>Open Fovea from its address</h1>
    <p>This page needs the access token that Fovea makes each time it starts. Open the address
    that <code>npm start</code> or <code>fovea serve</code> printed in its terminal — it looks
    like <code>http://127.0.0.1:PORT/?token=…</code>.</p>
    <p>If Fovea was restarted, the old address no longer works: use the new one.</p>
  </section>`;
  const chinese = `<section lang="zh-CN">
    <h1>请用 Fovea 打印的地址打开</h1>
    <p>此页面需要 Fovea 每次启动时生成的访问令牌。请打开 <code>npm start</code> 或
    <code>fovea serve</code> 在终端中打印的地址，形如
    <code>http://127.0.0.1:端口/?token=…</code>。</p>
    <p>如果 Fovea 已重新启动，旧地址将失效，请使用新地址。</p>
  </section>`;
  const sections = isChineseFirst ? [chinese, english] : [english, chinese];
  return `<!doctype html>
<html lang="${isChineseFirst ? 'zh-CN' : 'en'}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Fovea</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
    section + section { border-top: 1px solid #d5d9e0; margin-top: 1.5rem; }
    code { background: #eef1f5; padding: 0.1rem 0.3rem; border-radius: 3px; }
    @media (prefers-color-scheme: dark) { body { background: #15181e; color: #e4e7ec; } code { background: #262b34; } }
  </style>
</head>
<body>
  ${sections.join('\n  ')}
</body>
</html>
`;
}

/** Whether the request is a browser asking for a page, and whether it prefers Chinese. */
export function pageLanguage(
  accept: string | undefined,
  acceptLanguage: string | undefined,
): {
  readonly wantsPage: boolean;
  readonly isChineseFirst: boolean;
} {
  return {
    wantsPage: (accept ?? '').includes('text/html'),
    isChineseFirst: /^\s*zh\b/i.test(acceptLanguage ?? ''),
  };
}
