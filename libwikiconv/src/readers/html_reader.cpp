#include "readers/html_reader.hpp"

namespace wikiconv {

// First version: every HTML block stays raw; the structural conversion comes next.
bool html_block_to_model(std::string_view, Node&, int) { return false; }

}  // namespace wikiconv
