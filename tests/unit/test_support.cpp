#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "../fuzz/fuzz_support.hpp"

namespace wikiconv::test {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "wikiconv-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& rel, std::string_view data) const {
  auto p = path_ / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

CommandResult run_cli(const std::string& args, const std::string& input) {
  TempDir dir;
  dir.write("stdin", input);
  std::string cmd = std::string("'") + WIKICONV_CLI + "' " + args + " < '" + (dir.path() / "stdin").string() +
                    "' > '" + (dir.path() / "stdout").string() + "' 2> '" + (dir.path() / "stderr").string() + "'";
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = fuzz::read_all(dir.path() / "stdout");
  r.err = fuzz::read_all(dir.path() / "stderr");
  return r;
}

}  // namespace wikiconv::test
