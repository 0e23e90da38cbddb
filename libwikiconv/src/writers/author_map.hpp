// The authors file of the history-writing writers (-O authors=FILE): which wiki user name each git
// author's revisions are credited to, as git's .mailmap maps names, one author a line:
//   Jane Doe <jane@example.org> = JaneD
//   <bob@example.org> = Bob
//   alice = Alice
// An author the file does not name keeps the name git has.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace wikiconv {

class AuthorMap {
 public:
  // Throws Error naming the file and line of a line it cannot read.
  static AuthorMap read(const std::string& path);
  static AuthorMap parse(std::string_view text, const std::string& source);
  // The user name for an author: by email first (case does not matter), then by name.
  std::string user(const std::string& name, const std::string& email) const;

 private:
  std::unordered_map<std::string, std::string> by_email_;  // lower-case email -> user
  std::unordered_map<std::string, std::string> by_name_;
};

}  // namespace wikiconv
