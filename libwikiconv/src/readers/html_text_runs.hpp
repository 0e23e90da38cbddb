// Runs of text in raw HTML, given to the HTML parser as one character each. gumbo makes a token
// of every character of text (about 450 instructions a byte), and text is over half of what
// pandoc's raw HTML holds (the contents of table cells, mostly). A run's character (a private
// use character of plane 15 that names the run) goes through the tokenizer and the tree builder
// as the run's own first character would: the run starts and ends with a character that is not
// white space, keeps the white space around it, and has no character the parser reads
// otherwise ('<', '&', NUL, CR, characters gumbo replaces). Only text the tokenizer reads in its
// data state is replaced: nothing in tags, comments or declarations, nor after the start tag of
// an element whose content is read otherwise (script, textarea, svg...). The reader puts the
// runs back into the tree's texts, and maps the parser's offsets back to the text's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wikiconv {

class TextRuns {
 public:
  // Replaces runs of `html`'s text; returns whether it replaced any (`out` is then the text to
  // parse; `html` must outlive this object's use).
  bool compact(std::string_view html, std::string& out);
  bool empty() const { return runs_.empty(); }
  // The offset in compact()'s `html` of `offset` in its `out`.
  std::size_t original_offset(std::size_t offset) const;
  // `text` (a text the parser made of `out`) with each run's character replaced by the run:
  // `text` itself when it holds none, else `buffer`'s new content.
  std::string_view expand(std::string_view text, std::string& buffer) const;

 private:
  struct Run {
    std::size_t at;        // the character's offset in `out`
    std::size_t original;  // the run's offset in `html`
    std::size_t size;      // the run's bytes
    std::size_t shift;     // how many bytes `out` is shorter up to the end of this run
  };
  std::vector<Run> runs_;
  std::string_view source_;
};

// The numeric character reference at s[amp] ("&#65", "&#x41"): where its digits begin and
// end, and its value as gumbo reads the digits (capped at 0x110000).
struct NumericReference {
  std::size_t digits, end;
  std::uint32_t value;
};
NumericReference numeric_reference(std::string_view s, std::size_t amp);

// Whether ParsedHtml replaces runs of text (tests compare the pages read both ways). Per thread.
void set_html_text_runs(bool on);
bool html_text_runs();

}  // namespace wikiconv
