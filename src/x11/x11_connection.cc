#include "x11/x11_connection.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "x11/x11_headers.h"

namespace hemu {
namespace {

// What the handlers record for one connection.
struct RecordedError {
  int error_code = 0;
  int request_code = 0;
  int minor_code = 0;
  unsigned long resource = 0;
};
struct ErrorState {
  std::vector<RecordedError> errors;  // oldest first, capped
  bool lost = false;
};
constexpr size_t kMaxRecordedErrors = 16;

// Display -> its recorded errors. Xlib's handlers are process-wide, so this is too.
std::mutex g_registry_mutex;
std::unordered_map<Display*, ErrorState>& registry() {
  static auto* map = new std::unordered_map<Display*, ErrorState>();
  return *map;
}
XErrorHandler g_previous_error_handler = nullptr;
XIOErrorHandler g_previous_io_error_handler = nullptr;

int record_error(Display* display, XErrorEvent* event) {
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    auto it = registry().find(display);
    if (it != registry().end()) {
      if (it->second.errors.size() < kMaxRecordedErrors) {
        it->second.errors.push_back(
            {int(event->error_code), int(event->request_code), int(event->minor_code), event->resourceid});
      }
      return 0;
    }
  }
  // Not one of ours (another library's connection in the same process): keep its behaviour.
  return g_previous_error_handler ? g_previous_error_handler(display, event) : 0;
}

int record_io_error(Display* display) {
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  auto it = registry().find(display);
  if (it != registry().end()) it->second.lost = true;
  // Returning hands over to the per-display exit handler: ours returns too, so Xlib marks the
  // display dead instead of calling exit(). Other displays keep the default, which exits.
  return 0;
}

void ignore_io_exit(Display*, void*) {}

void install_handlers_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_previous_error_handler = XSetErrorHandler(record_error);
    g_previous_io_error_handler = XSetIOErrorHandler(record_io_error);
  });
}

std::string error_text(Display* display, int code) {
  char buffer[256] = {0};
  XGetErrorText(display, code, buffer, sizeof buffer);
  return buffer;
}

}  // namespace

Result<std::unique_ptr<X11Connection>> X11Connection::open(const std::string& display_name) {
  install_handlers_once();
  const char* env = std::getenv("DISPLAY");
  if (display_name.empty() && (env == nullptr || *env == '\0')) {
    return unavailable("no X display given and $DISPLAY is not set (pass --display :N)");
  }
  Display* display = XOpenDisplay(display_name.empty() ? nullptr : display_name.c_str());
  if (display == nullptr) {
    const std::string shown = display_name.empty() ? std::string(env) + " (from $DISPLAY)" : display_name;
    return unavailable("cannot open X display " + shown +
                       ": no X server answers there (is Xvfb/X running on that display, and may this "
                       "user connect? try `xdpyinfo -display " +
                       (display_name.empty() ? std::string(env) : display_name) + "`)");
  }
  return std::unique_ptr<X11Connection>(new X11Connection(display));
}

X11Connection::X11Connection(Display* display) : display_(display) {
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    registry()[display] = ErrorState{};
  }
  XSetIOErrorExitHandler(display, ignore_io_exit, nullptr);
  screen_ = DefaultScreen(display);
  root_ = RootWindow(display, screen_);
  name_ = DisplayString(display);
}

X11Connection::~X11Connection() {
  if (!lost()) XCloseDisplay(display_);
  // A lost display is left allocated: XCloseDisplay on it would only hit the dead socket again.
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  registry().erase(display_);
}

bool X11Connection::lost() const {
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  auto it = registry().find(display_);
  return it == registry().end() || it->second.lost;
}

bool X11Connection::has_extension(const char* name) const {
  int opcode = 0, event_base = 0, error_base = 0;
  return !lost() && XQueryExtension(display_, name, &opcode, &event_base, &error_base);
}

Result<Size> X11Connection::root_size() {
  if (lost()) return unavailable("X display " + name_ + ": connection lost (did the X server exit?)");
  ::Window root_return = 0;
  int x = 0, y = 0;
  unsigned width = 0, height = 0, border = 0, depth = 0;
  if (!XGetGeometry(display_, root_, &root_return, &x, &y, &width, &height, &border, &depth)) {
    HEMU_RETURN_IF_ERROR(sync_and_check("root window size"));
    return unavailable("X display " + name_ + ": cannot read the root window's size");
  }
  return Size{int(width), int(height)};
}

std::string X11Connection::describe_request(int major, int minor) {
  char buffer[128] = {0};
  if (major < 128) {
    XGetErrorDatabaseText(display_, "XRequest", std::to_string(major).c_str(), "", buffer, sizeof buffer);
    return buffer[0] ? std::string(buffer) : "core request " + std::to_string(major);
  }
  int count = 0;
  char** names = XListExtensions(display_, &count);
  std::string extension;
  for (int i = 0; i < count && extension.empty(); ++i) {
    int opcode = 0, event_base = 0, error_base = 0;
    if (XQueryExtension(display_, names[i], &opcode, &event_base, &error_base) && opcode == major)
      extension = names[i];
  }
  if (names) XFreeExtensionList(names);
  if (extension.empty()) return "request " + std::to_string(major) + "." + std::to_string(minor);
  const std::string key = extension + "." + std::to_string(minor);
  XGetErrorDatabaseText(display_, "XRequest", key.c_str(), "", buffer, sizeof buffer);
  return extension + "." + (buffer[0] ? std::string(buffer) : std::to_string(minor));
}

Status X11Connection::check(std::string_view what) {
  std::vector<RecordedError> errors;
  bool lost_now = false;
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    ErrorState& state = registry()[display_];
    errors.swap(state.errors);
    lost_now = state.lost;
  }
  if (lost_now) {
    return unavailable(std::string(what) + ": connection to X display " + name_ +
                       " lost (did the X server exit?)");
  }
  if (errors.empty()) return Status();
  const RecordedError& e = errors.front();
  std::string message = std::string(what) + ": X error " + error_text(display_, e.error_code) + " in request " +
                        describe_request(e.request_code, e.minor_code) + " (resource 0x";
  char hex[32];
  std::snprintf(hex, sizeof hex, "%lx", e.resource);
  message += hex + std::string(")");
  if (errors.size() > 1) message += " and " + std::to_string(errors.size() - 1) + " more";
  return internal_error(message);
}

Status X11Connection::sync_and_check(std::string_view what) {
  if (!lost()) XSync(display_, False);
  return check(what);
}

Result<std::vector<MonitorInfo>> X11Connection::list_monitors() {
  if (lost()) return unavailable("list monitors: connection to X display " + name_ + " lost");
  std::vector<MonitorInfo> monitors;
  int event_base = 0, error_base = 0, major = 0, minor = 0;
  const bool randr = XRRQueryExtension(display_, &event_base, &error_base) &&
                     XRRQueryVersion(display_, &major, &minor);
  if (randr && (major > 1 || (major == 1 && minor >= 5))) {
    int count = 0;
    XRRMonitorInfo* info = XRRGetMonitors(display_, root_, /*get_active=*/True, &count);
    for (int i = 0; i < count; ++i) {
      char* atom_name = XGetAtomName(display_, info[i].name);
      monitors.push_back({atom_name ? atom_name : "monitor-" + std::to_string(i),
                          {info[i].x, info[i].y, info[i].width, info[i].height},
                          info[i].primary != 0});
      if (atom_name) XFree(atom_name);
    }
    if (info) XRRFreeMonitors(info);
  } else if (randr) {
    XRRScreenResources* resources = XRRGetScreenResourcesCurrent(display_, root_);
    const RROutput primary = XRRGetOutputPrimary(display_, root_);
    for (int i = 0; resources && i < resources->noutput; ++i) {
      XRROutputInfo* output = XRRGetOutputInfo(display_, resources, resources->outputs[i]);
      if (output && output->connection == RR_Connected && output->crtc) {
        XRRCrtcInfo* crtc = XRRGetCrtcInfo(display_, resources, output->crtc);
        if (crtc) {
          monitors.push_back({std::string(output->name, output->nameLen),
                              {crtc->x, crtc->y, int(crtc->width), int(crtc->height)},
                              resources->outputs[i] == primary});
          XRRFreeCrtcInfo(crtc);
        }
      }
      if (output) XRRFreeOutputInfo(output);
    }
    if (resources) XRRFreeScreenResources(resources);
  }
  HEMU_RETURN_IF_ERROR(sync_and_check("list monitors"));
  if (monitors.empty()) {
    Result<Size> size = root_size();
    if (!size.ok()) return size.status();
    monitors.push_back({"default", {0, 0, size->width, size->height}, true});
  }
  return monitors;
}

}  // namespace hemu
