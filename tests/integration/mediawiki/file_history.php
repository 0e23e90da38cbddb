<?php
// Every uploaded file's versions as the throwaway wiki holds them (the image and oldimage
// tables, through LocalFile), oldest first, as JSON on stdout: {name: [{timestamp, user,
// comment, sha1, size, stored}, ...]}; `sha1` is the hex SHA-1 of the bytes in the file store,
// `stored` whether they are there. Run with MW_CONFIG_FILE pointing at its LocalSettings.php.

use MediaWiki\MediaWikiServices;

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

class FileHistory extends Maintenance {
	public function execute() {
		$repo = MediaWikiServices::getInstance()->getRepoGroup()->getLocalRepo();
		$dbr = $this->getDB( DB_REPLICA );
		$out = [];
		foreach ( $dbr->selectFieldValues( 'image', 'img_name', '', __METHOD__ ) as $name ) {
			$file = $repo->newFile( $name );
			$file->load( File::READ_LATEST );
			$versions = array_reverse( $file->getHistory() );
			$versions[] = $file;
			$out[$name] = [];
			foreach ( $versions as $version ) {
				$path = $version->getPath();
				$stored = $repo->fileExists( $path );
				$user = $version->getUploader( File::RAW );
				$out[$name][] = [
					'timestamp' => wfTimestamp( TS_ISO_8601, $version->getTimestamp() ),
					'user' => $user ? $user->getName() : null,
					'comment' => $version->getDescription( File::RAW ),
					'size' => (int)$version->getSize(),
					'stored' => $stored,
					'sha1' => $stored ? sha1( $repo->getBackend()->getFileContents( [ 'src' => $path ] ) ) : null,
				];
			}
		}
		print json_encode( $out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
	}
}

$maintClass = FileHistory::class;
require_once RUN_MAINTENANCE_IF_MAIN;
