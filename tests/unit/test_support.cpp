#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

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

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

void TempDir::write(const std::string& rel, std::string_view data) const {
  auto p = path_ / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

static std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_cli(const std::string& args, const std::string& input) {
  TempDir dir;
  dir.write("stdin", input);
  std::string cmd = std::string("'") + WIKICONV_CLI + "' " + args + " < '" + (dir.path() / "stdin").string() +
                    "' > '" + (dir.path() / "stdout").string() + "' 2> '" + (dir.path() / "stderr").string() + "'";
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(dir.path() / "stdout");
  r.err = slurp(dir.path() / "stderr");
  return r;
}

}  // namespace wikiconv::test
