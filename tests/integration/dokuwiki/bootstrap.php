<?php
// DokuWiki's own code, started as its web front end would be but from the command line, for the
// test scripts beside this file: `require __DIR__ . '/bootstrap.php';` with the configuration
// folder (whose local.php names a throwaway data directory) as the script's first argument.
if ($argc < 2) {
    fwrite(STDERR, "usage: php " . basename($argv[0]) . " CONF_DIR < request.json\n");
    exit(2);
}
define('DOKU_INC', '/usr/share/dokuwiki/');
define('DOKU_CONF', rtrim(realpath($argv[1]), '/') . '/');
define('NOSESSION', 1);
// Links as a wiki served at the web root would have them (not relative to this script).
define('DOKU_REL', '/');
define('DOKU_URL', 'http://localhost/');
define('DOKU_BASE', '/');
define('DOKU_DISABLE_GZIP_OUTPUT', 1);
require_once(DOKU_INC . 'inc/init.php');
