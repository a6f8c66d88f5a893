#include "x11/x11_capture.h"

#include <sys/ipc.h>
#include <sys/shm.h>

#include <cerrno>
#include <cstring>

#include "core/clock.h"
#include "x11/x11_headers.h"

namespace hemu {

struct X11Capture::ShmImage {
  XImage* image = nullptr;
  XShmSegmentInfo info{};
  bool attached = false;
  Size size;
};

namespace {

const char* visual_class_name(int c_class) {
  switch (c_class) {
    case StaticGray: return "StaticGray";
    case GrayScale: return "GrayScale";
    case StaticColor: return "StaticColor";
    case PseudoColor: return "PseudoColor";
    case TrueColor: return "TrueColor";
    case DirectColor: return "DirectColor";
  }
  return "unknown";
}

int bits_per_pixel_for_depth(Display* display, int depth) {
  int count = 0;
  XPixmapFormatValues* formats = XListPixmapFormats(display, &count);
  int bpp = 0;
  for (int i = 0; i < count; ++i)
    if (formats[i].depth == depth) bpp = formats[i].bits_per_pixel;
  if (formats) XFree(formats);
  return bpp;
}

PixelLayout layout_of(const XImage& image) {
  return {image.bits_per_pixel, image.byte_order == MSBFirst, uint32_t(image.red_mask),
          uint32_t(image.green_mask), uint32_t(image.blue_mask)};
}

}  // namespace

void resize_frame(Frame& frame, Size size) {
  if (frame.width == size.width && frame.height == size.height && frame.stride_bytes == size.width * 3 &&
      frame.pixels.size() >= size_t(frame.stride_bytes) * size.height) {
    return;
  }
  frame.width = size.width;
  frame.height = size.height;
  frame.stride_bytes = size.width * 3;
  frame.pixels.resize(size_t(frame.stride_bytes) * size.height);
}

Result<std::unique_ptr<X11Capture>> X11Capture::create(X11Connection& connection, bool use_shm) {
  std::unique_ptr<X11Capture> capture(new X11Capture(connection));
  Display* display = connection.display();
  const int screen = connection.screen_number();
  Visual* visual = DefaultVisual(display, screen);
  const int depth = DefaultDepth(display, screen);
  capture->layout_ = {bits_per_pixel_for_depth(display, depth), ImageByteOrder(display) == MSBFirst,
                      uint32_t(visual->red_mask), uint32_t(visual->green_mask), uint32_t(visual->blue_mask)};
  if (visual->c_class != TrueColor) {
    capture->format_status_ =
        unavailable("X display " + connection.display_name() + ": the root visual is " +
                    visual_class_name(visual->c_class) + " at depth " + std::to_string(depth) +
                    "; hemu captures TrueColor visuals only (run Xvfb with -screen 0 WxHx24)");
  } else {
    capture->format_status_ = check_pixel_layout(capture->layout_);
  }

  if (!use_shm) {
    capture->shm_reason_ = "disabled by the caller (--no-shm)";
  } else if (!XShmQueryExtension(display)) {
    capture->shm_reason_ = "the server has no MIT-SHM extension";
  } else if (!capture->format_status_.ok()) {
    capture->shm_reason_ = "not used: the display's pixels cannot be captured";
  } else {
    // Attach once now, so a remote display (whose server cannot map our memory) is detected here.
    Result<Size> root = connection.root_size();
    if (!root.ok()) return root.status();
    Status attached = capture->prepare_shm_image(*root);
    capture->shm_ok_ = attached.ok();
    if (!attached.ok()) capture->shm_reason_ = "attach refused (" + attached.message() + ")";
  }
  return capture;
}

X11Capture::X11Capture(X11Connection& connection) : connection_(connection) {}

X11Capture::~X11Capture() { release_shm_image(); }

void X11Capture::release_shm_image() {
  if (!shm_) return;
  if (shm_->attached && !connection_.lost()) {
    XShmDetach(connection_.display(), &shm_->info);
    XSync(connection_.display(), False);
  }
  if (shm_->image) {
    shm_->image->data = nullptr;  // the segment is not malloc'ed: XDestroyImage must not free it
    XDestroyImage(shm_->image);
  }
  if (shm_->info.shmaddr && shm_->info.shmaddr != reinterpret_cast<char*>(-1)) shmdt(shm_->info.shmaddr);
  shm_.reset();
}

Status X11Capture::prepare_shm_image(Size size) {
  release_shm_image();
  Display* display = connection_.display();
  const int screen = connection_.screen_number();
  auto shm = std::make_unique<ShmImage>();
  shm->size = size;
  shm->image = XShmCreateImage(display, DefaultVisual(display, screen), DefaultDepth(display, screen), ZPixmap,
                               nullptr, &shm->info, unsigned(size.width), unsigned(size.height));
  if (shm->image == nullptr) return unavailable("XShmCreateImage failed");
  const size_t bytes = size_t(shm->image->bytes_per_line) * size.height;
  shm->info.shmid = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
  if (shm->info.shmid < 0) {
    const std::string why = std::strerror(errno);
    XDestroyImage(shm->image);
    return unavailable("shmget of " + std::to_string(bytes) + " bytes: " + why);
  }
  shm->info.shmaddr = static_cast<char*>(shmat(shm->info.shmid, nullptr, 0));
  if (shm->info.shmaddr == reinterpret_cast<char*>(-1)) {
    const std::string why = std::strerror(errno);
    shmctl(shm->info.shmid, IPC_RMID, nullptr);
    XDestroyImage(shm->image);
    return unavailable("shmat: " + why);
  }
  shm->image->data = shm->info.shmaddr;
  shm->info.readOnly = False;
  XShmAttach(display, &shm->info);
  Status attached = connection_.sync_and_check("XShmAttach");
  // From here the segment lives exactly as long as someone has it attached.
  shmctl(shm->info.shmid, IPC_RMID, nullptr);
  shm->attached = attached.ok();
  shm_ = std::move(shm);
  if (!attached.ok()) {
    release_shm_image();
    return attached;
  }
  return Status();
}

Status X11Capture::capture(const Rect& area, Frame& frame) {
  HEMU_RETURN_IF_ERROR(format_status_);
  if (area.empty()) return invalid_argument("capture: empty area " + area.to_string());
  if (shm_ok_ && (!shm_ || shm_->size != area.size())) {
    Status prepared = prepare_shm_image(area.size());
    if (!prepared.ok()) {
      if (connection_.lost()) return prepared;
      shm_ok_ = false;  // e.g. shared memory exhausted: keep working, slower
      shm_reason_ = "re-attach failed (" + prepared.message() + ")";
    }
  }
  last_get_ms_ = last_convert_ms_ = 0;
  resize_frame(frame, area.size());
  return shm_ok_ ? fetch_shm(area, frame, {0, 0}) : fetch_get_image(area, frame, {0, 0});
}

Status X11Capture::capture_rects(const Rect& area, const std::vector<Rect>& rects, Frame& frame) {
  HEMU_RETURN_IF_ERROR(format_status_);
  HEMU_CHECK(frame.size() == area.size()) << "capture_rects needs a frame of the area's size";
  last_get_ms_ = last_convert_ms_ = 0;
  for (const Rect& rect : rects) {
    HEMU_CHECK(area.contains(rect) && !rect.empty()) << "damage rect " << rect.to_string() << " outside "
                                                     << area.to_string();
    const Point at{rect.x - area.x, rect.y - area.y};
    // The shared image is at least as large as the area, so any rectangle inside fits.
    HEMU_RETURN_IF_ERROR(shm_ok_ && shm_ ? fetch_shm(rect, frame, at) : fetch_get_image(rect, frame, at));
  }
  return Status();
}

Status X11Capture::fetch_shm(const Rect& rect, Frame& frame, Point at) {
  Display* display = connection_.display();
  XImage* image = shm_->image;
  XImage* sub = nullptr;
  if (rect.size() != shm_->size) {
    // A header of the rectangle's size over the same segment: the server writes its rows packed.
    sub = XShmCreateImage(display, DefaultVisual(display, connection_.screen_number()),
                          DefaultDepth(display, connection_.screen_number()), ZPixmap, shm_->info.shmaddr,
                          &shm_->info, unsigned(rect.width), unsigned(rect.height));
    if (sub == nullptr) return internal_error("capture: XShmCreateImage failed");
    image = sub;
  }
  Stopwatch get;
  const bool got = XShmGetImage(display, connection_.root(), image, rect.x, rect.y, AllPlanes);
  Status status = connection_.check("capture (XShmGetImage " + rect.to_string() + ")");
  if (status.ok() && !got) status = internal_error("capture: XShmGetImage " + rect.to_string() + " failed");
  last_get_ms_ += get.elapsed_ms();
  if (status.ok()) {
    Stopwatch convert;
    convert_to_rgb(reinterpret_cast<const uint8_t*>(image->data), image->bytes_per_line, rect.width, rect.height,
                   layout_of(*image), frame, at);
    last_convert_ms_ += convert.elapsed_ms();
  }
  if (sub) {
    sub->data = nullptr;  // the segment belongs to shm_
    XDestroyImage(sub);
  }
  return status;
}

Status X11Capture::fetch_get_image(const Rect& rect, Frame& frame, Point at) {
  Stopwatch get;
  XImage* image = XGetImage(connection_.display(), connection_.root(), rect.x, rect.y, unsigned(rect.width),
                            unsigned(rect.height), AllPlanes, ZPixmap);
  Status status = connection_.check("capture (XGetImage " + rect.to_string() + ")");
  if (status.ok() && image == nullptr) status = internal_error("capture: XGetImage " + rect.to_string() + " failed");
  last_get_ms_ += get.elapsed_ms();
  if (status.ok()) {
    const PixelLayout layout = layout_of(*image);
    status = check_pixel_layout(layout);
    if (status.ok()) {
      Stopwatch convert;
      convert_to_rgb(reinterpret_cast<const uint8_t*>(image->data), image->bytes_per_line, rect.width, rect.height,
                     layout, frame, at);
      last_convert_ms_ += convert.elapsed_ms();
    }
  }
  if (image) XDestroyImage(image);
  return status;
}

}  // namespace hemu
