#include "conversion/external_filter.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "wikiconv/reader.hpp"
#include "writers/registry.hpp"

extern char** environ;

namespace wikiconv {

namespace {

struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Outcome {
  int status = 0;
  std::string out, err;
};

// Runs argv with `input` on stdin, collecting stdout and stderr (poll, so that neither pipe can
// fill up while the other is written).
Outcome run(const std::vector<std::string>& args, const std::string& input, const std::string& where) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
    throw Error(where, 0, std::string("filter: cannot make a pipe: ") + std::strerror(errno));
  Fd to_child{in_pipe[1]}, from_child{out_pipe[0]}, errors{err_pipe[0]};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) throw Error(where, 0, "filter " + args.front() + ": cannot run it: " + std::strerror(rc));
  fcntl(to_child.fd, F_SETFL, O_NONBLOCK);
  Outcome outcome;
  std::size_t sent = 0;
  if (input.empty()) to_child.reset();
  char buffer[65536];
  while (from_child.fd >= 0 || errors.fd >= 0) {
    std::vector<pollfd> fds;
    if (to_child.fd >= 0) fds.push_back({to_child.fd, POLLOUT, 0});
    if (from_child.fd >= 0) fds.push_back({from_child.fd, POLLIN, 0});
    if (errors.fd >= 0) fds.push_back({errors.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (const pollfd& p : fds) {
      if (!p.revents) continue;
      if (p.fd == to_child.fd) {
        ssize_t n = write(p.fd, input.data() + sent, input.size() - sent);
        if (n > 0) sent += static_cast<std::size_t>(n);
        if (n < 0 && errno != EAGAIN && errno != EINTR) to_child.reset();  // it stopped reading
        if (sent == input.size()) to_child.reset();
        continue;
      }
      ssize_t n = read(p.fd, buffer, sizeof buffer);
      if (n > 0) (p.fd == from_child.fd ? outcome.out : outcome.err).append(buffer, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EINTR)) (p.fd == from_child.fd ? from_child : errors).reset();
    }
  }
  to_child.reset();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

std::string last_lines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > 2000) text = "..." + text.substr(text.size() - 2000);
  return text;
}

}  // namespace

void run_external_filter(const std::string& program, const std::string& format, Page& page) {
  const std::string where = page.source.empty() ? page.title : page.source;
  std::vector<std::string> args;
  if (ends_with(program, ".py")) args.push_back("python3");
  args.push_back(program);
  args.push_back(format);
  WriteContext context;
  std::string json = make_json_writer(Options())->write_page(page, context);
  Outcome outcome = run(args, json, where);
  if (outcome.status != 0) {
    std::string message = "filter " + program + " failed (exit status " + std::to_string(outcome.status) + ")";
    if (!outcome.err.empty()) message += ": " + last_lines(outcome.err);
    throw Error(where, 0, message);
  }
  Page filtered;
  try {
    filtered = read_json(outcome.out, where);
  } catch (const Error& e) {
    throw Error(where, 0, "filter " + program + " printed no page JSON: " + e.message());
  }
  filtered.source = page.source;
  if (filtered.title.empty()) filtered.title = page.title;
  if (filtered.timestamp == 0) filtered.timestamp = page.timestamp;
  // The text as read stays the page's: the gfm writer keeps what the filter left unchanged.
  filtered.original = std::move(page.original);
  page = std::move(filtered);
}

}  // namespace wikiconv
