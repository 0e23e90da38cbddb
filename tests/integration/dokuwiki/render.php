<?php
// Renders DokuWiki pages with DokuWiki's own parser and xhtml renderer, many in one process.
//   php render.php CONF_DIR < request.json > result.json
// CONF_DIR holds a local.php whose savedir is a throwaway data directory (see
// test_dokuwiki.py). The request is {"pages": ["ns:id", ...]} (rendered from the data
// directory), {"snippets": {"key": {"id": "ns:page", "text": "DokuWiki text"}}} and/or
// {"ids": ["Raw Title", ...]}; the answer maps every page id / snippet key to its HTML and
// lists cleanID() and the page file of every raw id.
require __DIR__ . '/bootstrap.php';

$request = json_decode(stream_get_contents(STDIN), true);
$result = ['pages' => [], 'snippets' => [], 'ids' => []];

function render_text($id, $text) {
    global $ID, $INFO;
    $ID = $id;
    $INFO = ['id' => $id, 'namespace' => getNS($id)];
    $info = [];
    return p_render('xhtml', p_get_instructions($text), $info);
}

foreach ($request['pages'] ?? [] as $id) {
    $file = wikiFN($id);
    $result['pages'][$id] = file_exists($file) ? render_text($id, io_readFile($file)) : null;
}
foreach ($request['snippets'] ?? [] as $key => $snippet) {
    $result['snippets'][$key] = render_text($snippet['id'] ?? 'snippet', $snippet['text']);
}
// cleanID() of raw titles, and the file a page of that id lives in (below data/pages).
foreach ($request['ids'] ?? [] as $raw) {
    $id = cleanID($raw);
    $result['ids'][] = ['raw' => $raw, 'id' => $id, 'file' => utf8_encodeFN(str_replace(':', '/', $id)) . '.txt'];
}
// Keys "0", "1", ... would make PHP write a JSON list: pages and snippets are always objects.
$result['pages'] = (object)$result['pages'];
$result['snippets'] = (object)$result['snippets'];
echo json_encode($result, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
