<?php
// Every page's revisions as the throwaway wiki holds them, oldest first, as JSON on stdout:
// {title: [{timestamp, user, comment, sha1, parent}, ...]}. Run with MW_CONFIG_FILE pointing
// at its LocalSettings.php.

use MediaWiki\MediaWikiServices;

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

class PageHistory extends Maintenance {
	public function execute() {
		$lookup = MediaWikiServices::getInstance()->getRevisionLookup();
		$dbr = $this->getDB( DB_REPLICA );
		$out = [];
		$pages = $dbr->select( 'page', [ 'page_id', 'page_namespace', 'page_title' ], '', __METHOD__ );
		foreach ( $pages as $page ) {
			$title = Title::makeTitle( $page->page_namespace, $page->page_title )->getPrefixedText();
			$ids = $dbr->selectFieldValues( 'revision', 'rev_id', [ 'rev_page' => $page->page_id ], __METHOD__,
				[ 'ORDER BY' => [ 'rev_timestamp', 'rev_id' ] ] );
			$out[$title] = [];
			foreach ( $ids as $id ) {
				$rev = $lookup->getRevisionById( (int)$id );
				$out[$title][] = [
					'timestamp' => wfTimestamp( TS_ISO_8601, $rev->getTimestamp() ),
					'user' => $rev->getUser() ? $rev->getUser()->getName() : null,
					'comment' => $rev->getComment() ? $rev->getComment()->text : null,
					'sha1' => $rev->getSha1(),
					'parent' => $rev->getParentId(),
				];
			}
		}
		print json_encode( $out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
	}
}

$maintClass = PageHistory::class;
require_once RUN_MAINTENANCE_IF_MAIN;
