<?php
// A page's history as DokuWiki's own code reads it from the data directory, for the history
// tests: php page_history.php CONF_DIR < {"pages": ["ns:id", ...], "media": ["ns:file.png", ...]}
//   > {"pages": {"ns:id": {...}}, "recent": [...], "media": {...}, "recent_media": [...]}
// For each page: PageChangeLog's revisions, newest first, each with its changelog fields and
// its text (rawWiki) and HTML (p_wiki_xhtml) at that revision; the current revision as
// DokuWiki works it out (an external edit would show here); the metadata's last change and
// creator; the "Old revisions" page (Ui\PageRevisions) and the diff of the first two revisions
// (Ui\PageDiff) as DokuWiki shows them; and Recent changes (getRecents).
require __DIR__ . '/bootstrap.php';

use dokuwiki\ChangeLog\PageChangeLog;

function shown(callable $show) {
    ob_start();
    try {
        $show();
    } catch (\Throwable $e) {
        ob_end_clean();
        return 'ERROR: ' . $e->getMessage();
    }
    return ob_get_clean();
}

$request = json_decode(stream_get_contents(STDIN), true);
$ids = $request['pages'] ?? [];
$result = [];
foreach ($ids as $id) {
    global $ID, $INFO, $REV, $ACT;
    $ID = $id;
    $REV = '';
    $ACT = 'revisions';
    $changelog = new PageChangeLog($id);
    $revisions = [];
    foreach ($changelog->getRevisions(-1, 10000) as $rev) {
        $info = $changelog->getRevisionInfo($rev);
        $info['text'] = rawWiki($id, $rev);
        $info['html'] = p_wiki_xhtml($id, $rev, false);
        $revisions[] = $info;
    }
    $INFO = pageinfo();
    $page = [
        'revisions' => $revisions,
        'current' => $changelog->getCurrentRevisionInfo(),
        'last_change' => p_get_metadata($id, 'last_change'),
        'creator' => p_get_metadata($id, 'creator'),
        'contributor' => p_get_metadata($id, 'contributor'),
        'editor' => $INFO['editor'],
        'old_revisions' => shown(function () use ($id) { (new dokuwiki\Ui\PageRevisions($id))->show(); }),
    ];
    if (count($revisions) >= 2) {
        $older = $revisions[count($revisions) - 1]['date'];
        $newer = $revisions[count($revisions) - 2]['date'];
        $ACT = 'diff';
        $page['diff'] = shown(function () use ($id, $older, $newer) {
            global $INPUT;
            $INPUT->set('rev2', [$older, $newer]);
            (new dokuwiki\Ui\PageDiff($id))->show();
        });
    }
    $result[$id] = $page;
}
// Media files: MediaChangeLog's revisions, newest first, with the MD5 of each version's file
// (mediaFN with the revision: media_attic, or data/media for the current one).
$media = [];
foreach ($request['media'] ?? [] as $id) {
    $changelog = new dokuwiki\ChangeLog\MediaChangeLog($id);
    $current = $changelog->getCurrentRevisionInfo();
    $revisions = [];
    foreach ($changelog->getRevisions(-1, 10000) as $rev) {
        $info = $changelog->getRevisionInfo($rev);
        $file = $rev == $current['date'] ? mediaFN($id) : mediaFN($id, $rev);
        $info['md5'] = file_exists($file) ? md5_file($file) : null;
        $revisions[] = $info;
    }
    $media[$id] = ['revisions' => $revisions, 'current' => $current];
}
$recent_media = array_map(function ($r) { return [$r['id'], $r['user'], $r['date']]; },
                          getRecents(0, 1000, '', RECENTS_MEDIA_CHANGES));
// Recent changes (the wiki's changelog, meta/_dokuwiki.changes): page ids, newest first.
$recent = array_map(function ($r) { return [$r['id'], $r['user'], $r['date']]; }, getRecents(0, 1000));
echo json_encode(['pages' => (object)$result, 'recent' => $recent, 'media' => (object)$media,
                  'recent_media' => $recent_media], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
