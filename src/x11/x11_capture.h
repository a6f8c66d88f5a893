// X11Capture: copies root-window pixels into a hemu Frame, through MIT-SHM when it can.
//
// MIT-SHM: one shared-memory XImage is created for the capture area and reused while the area's
// size stays the same; XShmGetImage makes the server copy the framebuffer straight into it (no
// socket traffic). The segment is marked for removal (IPC_RMID) right after the server attached
// it, so it disappears with the last detach even if hemu is killed. When the extension is missing,
// the attach is refused (a remote display: the server cannot see our memory) or shared memory is
// disabled by the caller, capture falls back to XGetImage, which sends the pixels over the socket
// (~20x slower for a full 1080p screen). Pixels are then converted to RGB (x11_pixels.h).
//
// Only TrueColor visuals are supported; a palette visual (PseudoColor, 8-bit) makes capture()
// return kUnavailable with a hint. Not thread-safe; uses the connection's thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/status.h"
#include "x11/x11_connection.h"
#include "x11/x11_pixels.h"

namespace hemu {

class X11Capture {
 public:
  // `use_shm` false forces XGetImage. Never fails on a missing or refused MIT-SHM: it falls back.
  static Result<std::unique_ptr<X11Capture>> create(X11Connection& connection, bool use_shm);
  ~X11Capture();
  X11Capture(const X11Capture&) = delete;
  X11Capture& operator=(const X11Capture&) = delete;

  // Copies `area` (root window pixels, must lie inside the root) into `frame`, resizing it to the
  // area's size when it differs. Leaves frame.capture_time_us and frame.damage to the caller.
  Status capture(const Rect& area, Frame& frame);
  // Refreshes only `rects` (root pixels, each inside `area`) of a `frame` that already holds an
  // earlier capture of `area`: one server copy per rectangle, so a small change costs little.
  Status capture_rects(const Rect& area, const std::vector<Rect>& rects, Frame& frame);

  bool using_shm() const { return shm_ok_; }
  // Why MIT-SHM is not used ("disabled by the caller", "extension missing", "attach refused: ...");
  // empty while it is.
  const std::string& shm_fallback_reason() const { return shm_reason_; }
  // Not OK for palette visuals and unreadable formats: what capture() returns.
  const Status& format_status() const { return format_status_; }
  const PixelLayout& layout() const { return layout_; }
  // Time the last capture spent waiting for the server's copy and converting to RGB.
  double last_get_ms() const { return last_get_ms_; }
  double last_convert_ms() const { return last_convert_ms_; }

 private:
  explicit X11Capture(X11Connection& connection);
  Status prepare_shm_image(Size size);  // (re)creates the shared image for `size`
  void release_shm_image();
  // Copies root rectangle `rect` into `frame` at `at`.
  Status fetch_shm(const Rect& rect, Frame& frame, Point at);
  Status fetch_get_image(const Rect& rect, Frame& frame, Point at);

  X11Connection& connection_;
  PixelLayout layout_;
  Status format_status_;
  bool shm_ok_ = false;
  std::string shm_reason_;
  struct ShmImage;  // XImage + XShmSegmentInfo, defined in the .cc (keeps Xlib out of this header)
  std::unique_ptr<ShmImage> shm_;
  double last_get_ms_ = 0, last_convert_ms_ = 0;
};

// Ensures `frame` is width x height with stride width * 3, reusing its buffer when it is big enough.
void resize_frame(Frame& frame, Size size);

}  // namespace hemu
