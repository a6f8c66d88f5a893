#include "image/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hemu {
namespace {

std::string os_error(const char* what, const std::string& path) {
  return std::string(what) + " '" + path + "': " + std::strerror(errno);
}

}  // namespace

std::string temp_path_for(const std::string& path) { return path + ".tmp"; }

Result<std::vector<uint8_t>> file_read_all(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const bool missing = errno == ENOENT;
    std::string message = os_error("cannot open", path);
    return missing ? not_found(message) : io_error(message);
  }
  std::vector<uint8_t> bytes;
  uint8_t buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string message = os_error("cannot read", path);
      ::close(fd);
      return io_error(message);
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  ::close(fd);
  return bytes;
}

Result<FILE*> file_open_temp(const std::string& path) {
  const std::string temp = temp_path_for(path);
  FILE* file = std::fopen(temp.c_str(), "wbe");  // "e": O_CLOEXEC, so children never inherit it
  if (file == nullptr) return io_error(os_error("cannot create", temp));
  return file;
}

Status file_commit(FILE* file, const std::string& path) {
  const std::string temp = temp_path_for(path);
  // fsync before rename: otherwise a power loss can leave the renamed file empty on some file
  // systems, which is exactly the half-written file the rename is meant to prevent.
  if (std::fflush(file) != 0 || ::fsync(::fileno(file)) != 0) {
    Status status = io_error(os_error("cannot write", temp));
    file_abandon(file, path);
    return status;
  }
  if (std::fclose(file) != 0) {
    Status status = io_error(os_error("cannot close", temp));
    ::unlink(temp.c_str());
    return status;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status status = io_error(os_error("cannot rename to", path));
    ::unlink(temp.c_str());
    return status;
  }
  return Status::ok_status();
}

void file_abandon(FILE* file, const std::string& path) {
  std::fclose(file);
  ::unlink(temp_path_for(path).c_str());
}

Status file_write_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  Result<FILE*> file = file_open_temp(path);
  if (!file.ok()) return file.status();
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), *file) != bytes.size()) {
    Status status = io_error(os_error("cannot write", temp_path_for(path)));
    file_abandon(*file, path);
    return status;
  }
  return file_commit(*file, path);
}

}  // namespace hemu
