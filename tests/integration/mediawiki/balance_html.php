<?php
// Parses HTML fragments as a browser does (HTML5 tree building with RemexHtml, the parser
// MediaWiki itself uses for its output) and writes each tree back as HTML: implied end tags,
// misnested and unclosed elements, foster-parented table content are then as a browser shows
// them. The tests compare cmark-gfm's HTML in this form with MediaWiki's, which is already one.
// Input: a JSON array of HTML strings on stdin; output: a JSON array of the same length.

use Wikimedia\RemexHtml\HTMLData;
use Wikimedia\RemexHtml\Serializer\HtmlFormatter;
use Wikimedia\RemexHtml\Serializer\Serializer;
use Wikimedia\RemexHtml\Tokenizer\Tokenizer;
use Wikimedia\RemexHtml\TreeBuilder\Dispatcher;
use Wikimedia\RemexHtml\TreeBuilder\TreeBuilder;

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/vendor/autoload.php";

$out = [];
foreach ( json_decode( stream_get_contents( STDIN ), true ) as $html ) {
	$serializer = new Serializer( new HtmlFormatter() );
	$treeBuilder = new TreeBuilder( $serializer, [ 'ignoreErrors' => true ] );
	$tokenizer = new Tokenizer( new Dispatcher( $treeBuilder ), $html, [ 'ignoreErrors' => true ] );
	$tokenizer->execute( [ 'fragmentNamespace' => HTMLData::NS_HTML, 'fragmentName' => 'body' ] );
	$out[] = $serializer->getResult();
}
print json_encode( $out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE );
