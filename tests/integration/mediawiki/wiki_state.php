<?php
// What the throwaway wiki holds after an import, as JSON on stdout: every page (namespace,
// title, latest revision's sha1 and text length, the HTML MediaWiki's parser makes of it), the
// categories from categorylinks and the redirects from the redirect table. Run with MW_CONFIG_FILE pointing at its LocalSettings.php.

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

class WikiState extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addOption( 'no-html', 'leave out the parsed HTML' );
	}

	public function execute() {
		$services = MediaWikiServices::getInstance();
		$dbr = $this->getDB( DB_REPLICA );
		$revisions = $services->getRevisionLookup();
		$parser = $services->getParserFactory()->create();
		$user = User::newSystemUser( 'Maintenance script', [ 'steal' => true ] );
		$pages = [];
		$res = $dbr->select( 'page', [ 'page_id', 'page_namespace', 'page_title' ], '', __METHOD__,
			[ 'ORDER BY' => 'page_id' ] );
		foreach ( $res as $row ) {
			$title = Title::makeTitle( $row->page_namespace, $row->page_title );
			$rev = $revisions->getRevisionByTitle( $title );
			$content = $rev->getContent( SlotRecord::MAIN );
			$text = $content->getText();
			$page = [
				'id' => (int)$row->page_id,
				'ns' => (int)$row->page_namespace,
				'title' => $title->getPrefixedText(),
				'sha1' => $rev->getSha1(),
				'revisions' => (int)$dbr->selectField( 'revision', 'COUNT(*)',
					[ 'rev_page' => $row->page_id ], __METHOD__ ),
				'timestamp' => wfTimestamp( TS_ISO_8601, $rev->getTimestamp() ),
				'text' => $text,
			];
			if ( !$this->hasOption( 'no-html' ) ) {
				$output = $parser->parse( $text, $title, ParserOptions::newFromUser( $user ), true, true );
				$page['html'] = $output->getText( [
					'enableSectionEditLinks' => false, 'allowTOC' => false, 'unwrap' => true ] );
			}
			$pages[] = $page;
		}
		$categories = [];
		$res = $dbr->select( [ 'categorylinks', 'page' ], [ 'cl_to', 'page_namespace', 'page_title' ],
			'', __METHOD__, [], [ 'page' => [ 'JOIN', 'cl_from = page_id' ] ] );
		foreach ( $res as $row ) {
			$member = Title::makeTitle( $row->page_namespace, $row->page_title )->getPrefixedText();
			$categories[ str_replace( '_', ' ', $row->cl_to ) ][] = $member;
		}
		$redirects = [];
		$res = $dbr->select( [ 'redirect', 'page' ], [ 'rd_namespace', 'rd_title', 'rd_fragment', 'page_namespace', 'page_title' ],
			'', __METHOD__, [], [ 'page' => [ 'JOIN', 'rd_from = page_id' ] ] );
		foreach ( $res as $row ) {
			$from = Title::makeTitle( $row->page_namespace, $row->page_title )->getPrefixedText();
			$to = Title::makeTitle( $row->rd_namespace, $row->rd_title )->getPrefixedText();
			$redirects[ $from ] = $row->rd_fragment ? "$to#{$row->rd_fragment}" : $to;
		}
		print json_encode( [ 'pages' => $pages, 'categories' => $categories, 'redirects' => $redirects ],
			JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE );
	}
}

$maintClass = WikiState::class;
require_once RUN_MAINTENANCE_IF_MAIN;
