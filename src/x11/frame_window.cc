#include "x11/frame_window.h"

#include <poll.h>

#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/action.h"
#include "core/clock.h"
#include "x11/x11_headers.h"  // last: Xlib macros

namespace hemu {

namespace {

constexpr int kMapTimeoutMs = 5000;

XImage* as_image(void* p) { return static_cast<XImage*>(p); }
GC as_gc(void* p) { return static_cast<GC>(p); }

// The Unicode character a keysym types, or 0 for keys that type nothing printable.
char32_t printable_code_point(KeySym keysym) {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return char32_t(keysym);
  if (keysym >= 0x01000000 && keysym <= 0x0110ffff) {
    const char32_t cp = char32_t(keysym - 0x01000000);
    return (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) ? 0 : cp;
  }
  if (keysym == XK_EuroSign) return 0x20ac;
  return 0;
}

std::string utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xc0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += char(0xe0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  } else {
    out += char(0xf0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3f));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  }
  return out;
}

// hemu's name for a key (what parse_key_combo accepts and returns), or "".
std::string hemu_key_name(KeySym keysym) {
  if (keysym == NoSymbol) return "";
  if (keysym == XK_space) return "space";
  if (char32_t cp = printable_code_point(keysym)) return utf8(cp);
  if (keysym == XK_ISO_Left_Tab) return "Tab";  // what Shift+Tab produces
  const char* x_name = XKeysymToString(keysym);
  if (x_name == nullptr) return "";
  std::string name = x_name;
  if (Result<KeyCombo> combo = parse_key_combo(name); combo.ok()) return combo->key;
  if (name.rfind("KP_", 0) == 0)  // keypad Enter, Home, Delete, arrows
    if (Result<KeyCombo> combo = parse_key_combo(name.substr(3)); combo.ok()) return combo->key;
  return "";
}

unsigned long encode_channel(uint8_t value, unsigned long mask) {
  const int shift = std::countr_zero(mask);
  const int bits = std::popcount(mask);
  return bits >= 8 ? (static_cast<unsigned long>(value) << (shift + bits - 8)) & mask
                   : (static_cast<unsigned long>(value >> (8 - bits)) << shift) & mask;
}

void set_modifiers(unsigned state, WindowInput& in) {
  in.ctrl = state & ControlMask;
  in.shift = state & ShiftMask;
  in.alt = state & Mod1Mask;
  in.super = state & Mod4Mask;
}

}  // namespace

Result<std::unique_ptr<FrameWindow>> FrameWindow::open(const FrameWindowOptions& options) {
  if (options.size.empty())
    return invalid_argument("frame window: empty size " + std::to_string(options.size.width) + "x" +
                            std::to_string(options.size.height));
  std::unique_ptr<FrameWindow> window(new FrameWindow(options));
  auto connection = X11Connection::open(options.display);
  HEMU_RETURN_IF_ERROR(connection.status());
  window->connection_ = std::move(*connection);
  auto root = window->connection_->root_size();
  HEMU_RETURN_IF_ERROR(root.status());
  const Rect wanted{options.position.x, options.position.y, options.size.width, options.size.height};
  if (!Rect{0, 0, root->width, root->height}.contains(wanted))
    return out_of_range("frame window: " + wanted.to_string() + " does not fit on display " +
                        window->connection_->display_name() + " (" + std::to_string(root->width) + "x" +
                        std::to_string(root->height) + "); choose a smaller size or another position");
  HEMU_RETURN_IF_ERROR(window->create_window());
  return window;
}

Status FrameWindow::create_window() {
  Display* display = connection_->display();
  const int screen = connection_->screen_number();
  Visual* visual = DefaultVisual(display, screen);
  if (visual->c_class != TrueColor && visual->c_class != DirectColor)
    return unavailable("frame window: display " + connection_->display_name() +
                       " uses a palette visual; hemu draws on TrueColor displays only");
  const Size size = options_.size;

  XSetWindowAttributes attributes{};
  attributes.background_pixmap = None;  // we paint every pixel: no flash of background on Expose
  attributes.bit_gravity = NorthWestGravity;
  attributes.event_mask = ExposureMask | ButtonPressMask | ButtonReleaseMask | PointerMotionMask | KeyPressMask |
                          StructureNotifyMask;
  window_ = XCreateWindow(display, connection_->root(), options_.position.x, options_.position.y,
                          unsigned(size.width), unsigned(size.height), 0, CopyFromParent, InputOutput, CopyFromParent,
                          CWBackPixmap | CWBitGravity | CWEventMask, &attributes);
  // Ask a window manager (if any) for exactly this position and a fixed size.
  XSizeHints* hints = XAllocSizeHints();
  hints->flags = USPosition | PPosition | PMinSize | PMaxSize;
  hints->x = options_.position.x;
  hints->y = options_.position.y;
  hints->min_width = hints->max_width = size.width;
  hints->min_height = hints->max_height = size.height;
  XSetWMNormalHints(display, window_, hints);
  XFree(hints);
  XStoreName(display, window_, options_.title.c_str());
  Atom delete_atom = XInternAtom(display, "WM_DELETE_WINDOW", False);
  XSetWMProtocols(display, window_, &delete_atom, 1);
  delete_atom_ = delete_atom;
  gc_ = XCreateGC(display, window_, 0, nullptr);

  XImage* image = XCreateImage(display, visual, unsigned(DefaultDepth(display, screen)), ZPixmap, 0, nullptr,
                               unsigned(size.width), unsigned(size.height), 32, 0);
  if (image == nullptr) return internal_error("frame window: XCreateImage failed");
  image->data = static_cast<char*>(std::calloc(size_t(image->bytes_per_line) * size.height, 1));
  image_ = image;

  XMapRaised(display, window_);
  HEMU_RETURN_IF_ERROR(connection_->sync_and_check("frame window: create"));
  // Wait for MapNotify (other events stay queued for wait_inputs).
  const int64_t deadline = monotonic_us() + int64_t{kMapTimeoutMs} * 1000;
  XEvent event;
  while (!XCheckTypedWindowEvent(display, window_, MapNotify, &event)) {
    if (connection_->lost()) return unavailable("frame window: display " + connection_->display_name() + " went away");
    if (monotonic_us() > deadline)
      return unavailable("frame window: not mapped within " + std::to_string(kMapTimeoutMs) + " ms");
    pollfd fd{ConnectionNumber(display), POLLIN, 0};
    poll(&fd, 1, 10);
    XPending(display);  // reads what arrived
  }
  if (options_.take_focus) XSetInputFocus(display, window_, RevertToParent, CurrentTime);
  return connection_->sync_and_check("frame window: map");
}

FrameWindow::~FrameWindow() {
  if (!connection_) return;
  Display* display = connection_->display();
  if (image_ != nullptr) XDestroyImage(as_image(image_));  // frees the pixel buffer too
  if (!connection_->lost()) {
    if (gc_ != nullptr) XFreeGC(display, as_gc(gc_));
    if (window_ != 0) XDestroyWindow(display, window_);
    (void)connection_->sync_and_check("frame window: close");
  }
}

Status FrameWindow::show(const Frame& frame) {
  if (frame.size() != options_.size)
    return invalid_argument("frame window: frame is " + std::to_string(frame.width) + "x" +
                            std::to_string(frame.height) + ", window is " + std::to_string(options_.size.width) +
                            "x" + std::to_string(options_.size.height));
  if (connection_->lost()) return unavailable("frame window: display " + connection_->display_name() + " went away");
  XImage* image = as_image(image_);
  const bool bgrx = image->bits_per_pixel == 32 && image->byte_order == LSBFirst && image->red_mask == 0xff0000 &&
                    image->green_mask == 0x00ff00 && image->blue_mask == 0x0000ff;
  std::vector<Rect> rects = frame.damage;
  if (rects.empty() || !has_frame_) rects = {frame.bounds()};
  for (Rect rect : rects) {
    rect = rect.intersect(frame.bounds());
    if (rect.empty()) continue;
    for (int y = rect.y; y < rect.bottom(); ++y) {
      const uint8_t* src = frame.row(y) + rect.x * 3;  // (width, 3) RGB
      if (bgrx) {
        uint8_t* dst = reinterpret_cast<uint8_t*>(image->data) + size_t(y) * image->bytes_per_line + rect.x * 4;
        for (int x = 0; x < rect.width; ++x, src += 3, dst += 4) dst[0] = src[2], dst[1] = src[1], dst[2] = src[0], dst[3] = 0;
      } else {
        for (int x = rect.x; x < rect.right(); ++x, src += 3)
          XPutPixel(image, x, y, encode_channel(src[0], image->red_mask) | encode_channel(src[1], image->green_mask) |
                                     encode_channel(src[2], image->blue_mask));
      }
    }
    put(rect);
  }
  has_frame_ = true;
  return connection_->sync_and_check("frame window: show");
}

void FrameWindow::put(const Rect& rect) {
  XPutImage(connection_->display(), window_, as_gc(gc_), as_image(image_), rect.x, rect.y, rect.x, rect.y,
            unsigned(rect.width), unsigned(rect.height));
}

Result<std::vector<WindowInput>> FrameWindow::wait_inputs(int timeout_ms) {
  Display* display = connection_->display();
  auto gone = [&] { return unavailable("frame window: display " + connection_->display_name() + " went away"); };
  if (connection_->lost()) return gone();
  XFlush(display);
  if (XPending(display) == 0) {
    pollfd fd{ConnectionNumber(display), POLLIN, 0};
    poll(&fd, 1, timeout_ms);  // EINTR (a signal) simply returns early
  }
  std::vector<WindowInput> inputs;
  bool exposed = false;
  while (!connection_->lost() && XPending(display) > 0) {
    XEvent event;
    XNextEvent(display, &event);
    switch (event.type) {
      case Expose:
        if (has_frame_) {
          put({event.xexpose.x, event.xexpose.y, event.xexpose.width, event.xexpose.height});
          exposed = true;
        }
        break;
      case MappingNotify:  // a client rebound keys (X11Keymap does for characters the layout lacks)
        XRefreshKeyboardMapping(&event.xmapping);
        break;
      case ClientMessage:
        if (event.xclient.window == window_ && (unsigned long)event.xclient.data.l[0] == delete_atom_) {
          WindowInput close;
          close.kind = WindowInput::Kind::kCloseRequest;
          inputs.push_back(close);
        }
        break;
      default: {
        WindowInput input;
        if (translate(&event, input)) inputs.push_back(std::move(input));
      }
    }
  }
  if (exposed) XFlush(display);
  if (connection_->lost()) return gone();
  return inputs;
}

bool FrameWindow::translate(void* x_event, WindowInput& out) {
  XEvent& event = *static_cast<XEvent*>(x_event);
  switch (event.type) {
    case ButtonPress:
    case ButtonRelease: {
      const XButtonEvent& b = event.xbutton;
      if (b.window != window_) return false;
      out.kind = event.type == ButtonPress ? WindowInput::Kind::kButtonPress : WindowInput::Kind::kButtonRelease;
      out.position = {b.x, b.y};
      out.button = int(b.button);
      out.time_ms = uint32_t(b.time);
      set_modifiers(b.state, out);
      if (event.type == ButtonPress && out.button <= 3) {
        const bool again = out.button == last_button_ && uint32_t(b.time - last_press_ms_) <= uint32_t(kMultiClickMs) &&
                           std::abs(b.x - last_press_at_.x) <= kMultiClickPx &&
                           std::abs(b.y - last_press_at_.y) <= kMultiClickPx;
        click_count_ = again ? click_count_ + 1 : 1;
        last_button_ = out.button;
        last_press_ms_ = uint32_t(b.time);
        last_press_at_ = out.position;
        out.click_count = click_count_;
      }
      return true;
    }
    case MotionNotify: {
      const XMotionEvent& m = event.xmotion;
      if (m.window != window_) return false;
      out.kind = WindowInput::Kind::kMotion;
      out.position = {m.x, m.y};
      out.time_ms = uint32_t(m.time);
      set_modifiers(m.state, out);
      return true;
    }
    case KeyPress: {
      XKeyEvent& k = event.xkey;
      out.kind = WindowInput::Kind::kKeyPress;
      out.position = {k.x, k.y};
      out.time_ms = uint32_t(k.time);
      set_modifiers(k.state, out);
      char bytes[32];
      KeySym typed = NoSymbol;
      const int count = XLookupString(&k, bytes, sizeof bytes, &typed, nullptr);  // applies Shift, Lock, NumLock
      KeySym base = XLookupKeysym(&k, 0);
      if (base == NoSymbol) base = typed;
      out.modifier_key = IsModifierKey(base) || IsModifierKey(typed) || base == XK_ISO_Level3_Shift;
      out.key = hemu_key_name(base);
      char32_t cp = printable_code_point(typed);
      if (cp == 0 && count == 1 && bytes[0] >= 0x20 && bytes[0] < 0x7f) cp = char32_t(bytes[0]);  // keypad digits
      out.text = cp != 0 ? utf8(cp) : "";
      if (const char* name = XKeysymToString(typed)) out.keysym_name = name;
      return true;
    }
  }
  return false;
}

}  // namespace hemu
