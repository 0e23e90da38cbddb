<?php
// Renders many wikitexts with MediaWiki's own parser in one process (starting PHP per case is
// slow). Input: a JSON file [{"title": "...", "text": "..."}, ...] given with --input; output:
// a JSON array of the HTML of each, in order, on stdout.
// Run with MW_CONFIG_FILE pointing at the throwaway wiki's LocalSettings.php.

use MediaWiki\MediaWikiServices;

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

class ParseBatch extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addOption( 'input', 'JSON file of {title, text} objects', true, true );
	}

	public function execute() {
		$cases = json_decode( file_get_contents( $this->getOption( 'input' ) ), true );
		$services = MediaWikiServices::getInstance();
		$parser = $services->getParserFactory()->create();
		$user = User::newSystemUser( 'Maintenance script', [ 'steal' => true ] );
		$out = [];
		foreach ( $cases as $case ) {
			$title = Title::newFromText( $case['title'] ?? 'Parse test' );
			$options = ParserOptions::newFromUser( $user );
			$text = $case['text'];
			if ( !empty( $case['pst'] ) ) {
				// What saving through the editor would store (signatures expanded, ...).
				$text = $parser->preSaveTransform( $text, $title, $user, $options );
			}
			$output = $parser->parse( $text, $title, $options, true, true );
			$out[] = $output->getText( [
				'enableSectionEditLinks' => false,
				'allowTOC' => false,
				'unwrap' => true,
			] );
		}
		print json_encode( $out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE );
	}
}

$maintClass = ParseBatch::class;
require_once RUN_MAINTENANCE_IF_MAIN;
