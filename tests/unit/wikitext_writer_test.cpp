// Unit tests of the wikitext writer (the real check is MediaWiki's parser, in
// tests/integration/test_mediawiki.py).
#include <gtest/gtest.h>

#include "wikiconv/wikiconv.hpp"
