// Which elements raw HTML leaves open, read roughly (see OpenElements).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wikiconv {

// Whether an element of this name (lower case) may stay open from one piece of a page's
// document to the next: a <div>, or an element the parser makes as it makes any unknown one
// (pandoc's <references/>). The next piece's text opens it again by name, which gives the
// parser the same open elements.
bool may_stay_open(const std::string& name);

// A rough reading of the elements raw HTML leaves open, to choose where a piece of the
// document may end (the sentinel, not this, says whether it does, and a wrong guess costs a
// parse): a start tag opens its element, an end tag closes through the latest element of its
// kind (a browser closes what is inside it), comments and raw text are skipped, across the
// pieces read. A formatting element closed that way is one the parser opens again in the next
// text, and one that blocks were put in may be split among them: either is not closed.
class OpenElements {
 public:
  void read(std::string_view html);

  // Placeholders of blocks, which leave open what was open.
  void read_blocks() { tangled_ = tangled_ || formatting_ > 0; }

  // Nothing open but what may stay open from piece to piece (may_stay_open) and a <p>, which
  // the next block closes.
  bool closed() const { return awaited_.empty() && held_ == 0 && reopened_.empty() && !tangled_; }

  // Whether an end tag read since the last reset has the name of an element open then.
  bool ends_left_open() const { return ends_left_open_; }

  // What is open, as a piece that went well left it.
  void reset(const std::vector<std::string>& open_names);

 private:
  struct Open {
    std::string name;
    bool may_stay, formatting;
  };

  void open(std::string name);
  void close(const std::string& name);

  std::vector<Open> open_;
  std::size_t held_ = 0;               // open elements that may not stay open
  std::size_t formatting_ = 0;         // open formatting elements
  std::vector<std::string> reopened_;  // formatting elements closed with others
  bool tangled_ = false;               // blocks went into a formatting element
  std::vector<std::string> left_open_;  // the names of those open at the last reset
  bool ends_left_open_ = false;
  std::string awaited_;  // the end of the comment or raw-text element being read, lower case
};

}  // namespace wikiconv
