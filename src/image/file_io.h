// Whole-file reads and crash-safe writes shared by the image codecs.
//
// Writers never leave a half-written file at the final path: bytes go to `path + ".tmp"`, are
// fsync'ed, then renamed over `path` (rename is atomic on POSIX file systems). Stateless functions;
// safe to call from any thread, but two writers of the same path race on the shared ".tmp" name.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/status.h"

namespace hemu {

// The temporary name a crash-safe writer uses for `path`.
std::string temp_path_for(const std::string& path);

// Reads the whole file. kNotFound when it does not exist, kIo for other OS errors.
Result<std::vector<uint8_t>> file_read_all(const std::string& path);

// Writes `bytes` to `path` through a fsync'ed temporary and a rename.
Status file_write_atomic(const std::string& path, const std::vector<uint8_t>& bytes);

// Opens `temp_path_for(path)` for writing ("wb"); the caller later passes it to file_commit or
// file_abandon, which both close it.
Result<FILE*> file_open_temp(const std::string& path);

// Flushes, fsyncs and closes `file` (opened by file_open_temp), then renames the temporary over
// `path`. On failure the temporary is removed.
Status file_commit(FILE* file, const std::string& path);

// Closes `file` and removes the temporary: used when a writer fails or has nothing to save.
void file_abandon(FILE* file, const std::string& path);

}  // namespace hemu
