#include "x11/testing/x11_test_client.h"

#include <poll.h>

#include <bit>
#include <cstdlib>

#include "core/clock.h"
#include "x11/x11_headers.h"

namespace hemu {
namespace {

unsigned long encode_channel(uint8_t value, unsigned long mask) {
  const int shift = std::countr_zero(mask);
  const int bits = std::popcount(mask);
  return (static_cast<unsigned long>(value >> (8 - bits)) << shift) & mask;
}

uint8_t decode_channel(unsigned long pixel, unsigned long mask) {
  const int shift = std::countr_zero(mask);
  const unsigned long max = mask >> shift;
  return uint8_t((((pixel & mask) >> shift) * 255 + max / 2) / max);
}

TestEvent::Kind kind_of(int type) {
  switch (type) {
    case ButtonPress: return TestEvent::Kind::kButtonPress;
    case ButtonRelease: return TestEvent::Kind::kButtonRelease;
    case KeyPress: return TestEvent::Kind::kKeyPress;
    case KeyRelease: return TestEvent::Kind::kKeyRelease;
    case MotionNotify: return TestEvent::Kind::kMotion;
  }
  return TestEvent::Kind::kOther;
}

// Blocks until the connection has an event queued or the deadline passes.
bool wait_queued(Display* display, int64_t deadline_us) {
  while (XPending(display) == 0) {
    const int64_t left_ms = (deadline_us - monotonic_us()) / 1000;
    if (left_ms <= 0) return false;
    pollfd fd{ConnectionNumber(display), POLLIN, 0};
    poll(&fd, 1, int(std::min<int64_t>(left_ms, 100)));
  }
  return true;
}

unsigned long pixel_for(Display* display, Rgb c) {
  Visual* visual = DefaultVisual(display, DefaultScreen(display));
  return encode_channel(c.r, visual->red_mask) | encode_channel(c.g, visual->green_mask) |
         encode_channel(c.b, visual->blue_mask);
}

}  // namespace

Result<std::unique_ptr<X11TestClient>> X11TestClient::open(const std::string& display) {
  auto connection = X11Connection::open(display);
  if (!connection.ok()) return connection.status();
  std::unique_ptr<X11TestClient> client(new X11TestClient());
  client->connection_ = std::move(*connection);
  return client;
}

X11TestClient::~X11TestClient() = default;

Result<unsigned long> X11TestClient::create_window(const Rect& rect) {
  Display* display = connection_->display();
  XSetWindowAttributes attributes{};
  attributes.override_redirect = True;
  attributes.background_pixel = BlackPixel(display, connection_->screen_number());
  attributes.event_mask = ButtonPressMask | ButtonReleaseMask | KeyPressMask | KeyReleaseMask | PointerMotionMask |
                          StructureNotifyMask;
  const Window window =
      XCreateWindow(display, connection_->root(), rect.x, rect.y, unsigned(rect.width), unsigned(rect.height), 0,
                    CopyFromParent, InputOutput, CopyFromParent, CWOverrideRedirect | CWBackPixel | CWEventMask,
                    &attributes);
  XMapRaised(display, window);
  HEMU_RETURN_IF_ERROR(connection_->sync_and_check("test client: create window"));
  const int64_t deadline = monotonic_us() + 5'000'000;
  while (wait_queued(display, deadline)) {
    XEvent event;
    XNextEvent(display, &event);
    if (event.type == MapNotify && event.xmap.window == window) return static_cast<unsigned long>(window);
  }
  return unavailable("test client: window was not mapped within 5 s");
}

Status X11TestClient::put_pattern(unsigned long window, Size size, const std::function<Rgb(int, int)>& pattern) {
  Display* display = connection_->display();
  const int screen = connection_->screen_number();
  XImage* image = XCreateImage(display, DefaultVisual(display, screen), unsigned(DefaultDepth(display, screen)),
                               ZPixmap, 0, nullptr, unsigned(size.width), unsigned(size.height), 32, 0);
  if (image == nullptr) return internal_error("test client: XCreateImage failed");
  image->data = static_cast<char*>(std::malloc(size_t(image->bytes_per_line) * size.height));
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x) XPutPixel(image, x, y, pixel_for(display, pattern(x, y)));
  GC gc = XCreateGC(display, window, 0, nullptr);
  XPutImage(display, window, gc, image, 0, 0, 0, 0, unsigned(size.width), unsigned(size.height));
  XFreeGC(display, gc);
  XDestroyImage(image);  // frees data too
  return connection_->sync_and_check("test client: put pattern");
}

Status X11TestClient::fill_rect(unsigned long window, const Rect& rect, Rgb color, bool sync) {
  Display* display = connection_->display();
  GC gc = XCreateGC(display, window, 0, nullptr);
  XSetForeground(display, gc, pixel_for(display, color));
  XFillRectangle(display, window, gc, rect.x, rect.y, unsigned(rect.width), unsigned(rect.height));
  XFreeGC(display, gc);
  if (!sync) {
    XFlush(display);
    return Status();
  }
  return connection_->sync_and_check("test client: fill rectangle");
}

Rgb X11TestClient::displayed(Rgb color) const {
  Display* display = connection_->display();
  Visual* visual = DefaultVisual(display, connection_->screen_number());
  const unsigned long pixel = pixel_for(display, color);
  return {decode_channel(pixel, visual->red_mask), decode_channel(pixel, visual->green_mask),
          decode_channel(pixel, visual->blue_mask)};
}

Status X11TestClient::focus(unsigned long window) {
  XSetInputFocus(connection_->display(), window, RevertToParent, CurrentTime);
  return connection_->sync_and_check("test client: focus");
}

Result<TestEvent> X11TestClient::wait_event(unsigned long window, TestEvent::Kind kind, int timeout_ms) {
  Display* display = connection_->display();
  const int64_t deadline = monotonic_us() + int64_t(timeout_ms) * 1000;
  while (wait_queued(display, deadline)) {
    XEvent event;
    XNextEvent(display, &event);
    if (event.type == MappingNotify) XRefreshKeyboardMapping(&event.xmapping);  // as every client must
    if (kind_of(event.type) != kind || event.xany.window != window) continue;
    TestEvent out;
    out.kind = kind;
    out.window = window;
    if (event.type == ButtonPress || event.type == ButtonRelease) {
      out.position = {event.xbutton.x, event.xbutton.y};
      out.root_position = {event.xbutton.x_root, event.xbutton.y_root};
      out.button = event.xbutton.button;
      out.state = event.xbutton.state;
    } else if (event.type == KeyPress || event.type == KeyRelease) {
      out.position = {event.xkey.x, event.xkey.y};
      out.root_position = {event.xkey.x_root, event.xkey.y_root};
      out.state = event.xkey.state;
      out.keysym = XLookupKeysym(&event.xkey, 0);
      char buffer[16] = {0};
      KeySym typed = 0;
      const int n = XLookupString(&event.xkey, buffer, sizeof buffer - 1, &typed, nullptr);
      out.typed_keysym = typed;
      out.text.assign(buffer, size_t(std::max(0, n)));
    } else if (event.type == MotionNotify) {
      out.position = {event.xmotion.x, event.xmotion.y};
      out.root_position = {event.xmotion.x_root, event.xmotion.y_root};
      out.state = event.xmotion.state;
    }
    return out;
  }
  return unavailable("test client: no such event within " + std::to_string(timeout_ms) + " ms");
}

void X11TestClient::drop_events() {
  Display* display = connection_->display();
  XSync(display, False);
  while (XPending(display) > 0) {
    XEvent event;
    XNextEvent(display, &event);
  }
}

Status X11TestClient::watch_toplevels() {
  if (watching_root_) return Status();
  XSelectInput(connection_->display(), connection_->root(), SubstructureNotifyMask);
  watching_root_ = true;
  return connection_->sync_and_check("test client: watch the root window");
}

Result<unsigned long> X11TestClient::wait_toplevel_mapped(int timeout_ms) {
  Display* display = connection_->display();
  HEMU_RETURN_IF_ERROR(watch_toplevels());
  const int64_t deadline = monotonic_us() + int64_t(timeout_ms) * 1000;
  while (wait_queued(display, deadline)) {
    XEvent event;
    XNextEvent(display, &event);
    if (event.type == MapNotify && event.xmap.event == connection_->root()) return event.xmap.window;
  }
  return unavailable("test client: no window was mapped within " + std::to_string(timeout_ms) + " ms");
}

Status X11TestClient::add_monitor(const std::string& name, const Rect& rect, bool primary) {
  Display* display = connection_->display();
  XRRMonitorInfo* monitor = XRRAllocateMonitor(display, 0);
  if (monitor == nullptr) return internal_error("test client: XRRAllocateMonitor failed");
  monitor->name = XInternAtom(display, name.c_str(), False);
  monitor->primary = primary;
  monitor->automatic = False;
  monitor->x = rect.x;
  monitor->y = rect.y;
  monitor->width = rect.width;
  monitor->height = rect.height;
  monitor->mwidth = rect.width / 4;  // ~100 dpi; any value works for a virtual monitor
  monitor->mheight = rect.height / 4;
  XRRSetMonitor(display, connection_->root(), monitor);
  XRRFreeMonitors(monitor);
  return connection_->sync_and_check("test client: add monitor " + name);
}

std::vector<unsigned long> X11TestClient::keyboard_mapping() {
  Display* display = connection_->display();
  int min = 0, max = 0, per = 0;
  XDisplayKeycodes(display, &min, &max);
  KeySym* syms = XGetKeyboardMapping(display, KeyCode(min), max - min + 1, &per);
  std::vector<unsigned long> out(syms, syms + size_t(max - min + 1) * per);
  XFree(syms);
  return out;
}

}  // namespace hemu
