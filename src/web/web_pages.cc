// Rendering web pages with headless Chromium, their labels, and the page cache (web_pages.h).
#include "web/web_pages.h"

#include <unistd.h>

#include <atomic>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/child_process.h"
#include "image/file_io.h"
#include "image/png.h"

namespace hemu {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLabelsFormat = "hemu-web-page";
constexpr int kLabelsVersion = 1;
// What the page's script writes its JSON into (see kLabelScript in web_page_generator.cc).
constexpr const char* kLabelsOpen = "<script type=\"application/json\" id=\"hemu-labels\">";

bool executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

std::string to_string(const std::vector<uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

Status write_text(const std::string& path, const std::string& text) {
  return file_write_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
}

}  // namespace

Result<std::string> find_chromium(const ChromiumOptions& options) {
  if (!options.binary.empty()) {
    if (executable(options.binary)) return options.binary;
    return not_found("chromium: '" + options.binary + "' is not an executable file");
  }
  if (const char* env = std::getenv("HEMU_CHROMIUM"); env != nullptr && *env != '\0') {
    if (executable(env)) return std::string(env);
    return not_found(std::string("chromium: $HEMU_CHROMIUM='") + env + "' is not an executable file");
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      std::string candidate = dirs.substr(start, end - start) + "/" + name;
      if (executable(candidate)) return candidate;
      start = end + 1;
    }
  }
  return not_found("chromium: no chromium, chromium-browser or google-chrome in PATH (Debian: apt-get install "
                   "chromium; or set $HEMU_CHROMIUM to the binary)");
}

Result<WebPageLabels> parse_web_labels(const std::string& json_text, const WebPage& page) {
  auto doc = Json::parse(json_text);
  if (!doc.ok()) return corrupt("web page labels: " + doc.status().message());
  const Json* viewport = doc->find("viewport");
  const Json* elements = doc->find("elements");
  if (viewport == nullptr || !viewport->is_array() || viewport->size() != 2 || elements == nullptr || !elements->is_array())
    return corrupt("web page labels: expected {\"viewport\":[w,h],\"elements\":[...]}");
  const Json& vw = viewport->as_array()[0];
  const Json& vh = viewport->as_array()[1];
  if (!vw.is_number() || !vh.is_number()) return corrupt("web page labels: viewport is not two numbers");
  // Only the width must match: headless Chromium lays the page out in the window minus its
  // (invisible) browser chrome and takes the screenshot at the full window size, so the height the
  // script sees is smaller. Our pages do not depend on the viewport height (no vh units).
  if (int(vw.as_number()) != page.viewport.width) {
    return corrupt("web page labels: the page saw a viewport " + std::to_string(int(vw.as_number())) +
                   " px wide, expected " + std::to_string(page.viewport.width) +
                   " (scroll bars, or a device scale factor other than 1?)");
  }
  WebPageLabels out;
  out.seed = page.seed;
  out.viewport = page.viewport;
  out.font_family = page.font_family;
  out.theme = page.theme;
  const Rect screen{0, 0, page.viewport.width, page.viewport.height};
  for (const Json& e : elements->as_array()) {
    const Json* c = e.find("c");
    const Json* b = e.find("b");
    const Json* t = e.find("t");
    if (c == nullptr || !c->is_string() || b == nullptr || !b->is_array() || b->size() != 4 || t == nullptr ||
        !t->is_string())
      return corrupt("web page labels: an element lacks c (class), b (box) or t (text)");
    auto element_class = element_class_from_name(c->as_string());
    if (!element_class) return corrupt("web page labels: unknown class '" + c->as_string() + "'");
    double box[4];
    for (int i = 0; i < 4; ++i) {
      const Json& v = b->as_array()[size_t(i)];
      if (!v.is_number()) return corrupt("web page labels: box of a " + c->as_string() + " is not numbers");
      box[i] = v.as_number();
    }
    auto flag = [&](const char* key) {
      const Json* v = e.find(key);
      return v != nullptr && v->is_bool() && v->as_bool();
    };
    const Json* visible = e.find("v");
    const double visible_share = visible != nullptr && visible->is_number() ? visible->as_number() : 1.0;
    // Whole pixels that hold any part of the element.
    const int x0 = int(std::floor(box[0])), y0 = int(std::floor(box[1]));
    const int x1 = int(std::ceil(box[0] + box[2])), y1 = int(std::ceil(box[1] + box[3]));
    const Rect full{x0, y0, x1 - x0, y1 - y0};
    const Rect seen = full.intersect(screen);
    if (seen.width < 4 || seen.height < 4) continue;
    const double area = double(full.width) * full.height;
    if (double(seen.width) * seen.height < kWebMinVisibleFraction * area) continue;
    if (visible_share < 0.6) continue;  // mostly under another element (an open menu)
    WebLabel label;
    label.element.element_class = *element_class;
    label.element.rect = seen;
    label.element.text = t->as_string();
    label.element.checked = flag("k");
    label.element.selected = flag("s");
    label.element.focused = flag("f");
    label.element.enabled = !flag("d");
    label.readable = flag("r") && seen == full && visible_share >= 1.0;
    out.labels.push_back(std::move(label));
  }
  return out;
}

Result<RenderedWebPage> render_web_page(const WebPage& page, const ChromiumOptions& options) {
  auto binary = find_chromium(options);
  if (!binary.ok()) return binary.status();
  static std::atomic<int> counter{0};
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  std::error_code ec;
  std::string work = options.work_dir;
  bool own_work = false;
  if (work.empty()) {
    work = (fs::temp_directory_path(ec) / ("hemu-web-" + tag)).string();
    own_work = true;
  }
  fs::create_directories(work, ec);
  if (ec) return io_error("web page: cannot create " + work + ": " + ec.message());
  const std::string html_path = work + "/page-" + tag + ".html";
  const std::string png_path = work + "/page-" + tag + ".png";
  const std::string profile = work + "/profile-" + tag;
  struct Cleanup {
    std::vector<std::string> paths;
    ~Cleanup() {
      std::error_code ignored;
      for (const auto& p : paths) fs::remove_all(p, ignored);
    }
  } cleanup;
  cleanup.paths = {html_path, png_path, profile};
  if (own_work) cleanup.paths.push_back(work);
  HEMU_RETURN_IF_ERROR(write_text(html_path, page.html).with_context("web page"));

  // MACHINE_NOTES: without these flags Chromium floods the closed network with connection attempts.
  std::vector<std::string> args = {*binary,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--hide-scrollbars",
                                   "--force-device-scale-factor=1",
                                   "--user-data-dir=" + profile,
                                   "--window-size=" + std::to_string(page.viewport.width) + "," +
                                       std::to_string(page.viewport.height),
                                   "--screenshot=" + png_path,
                                   "--dump-dom",
                                   "file://" + fs::absolute(html_path).string()};
  // Its own process group: a timed-out Chromium is killed with its zygote, renderer and GPU helpers.
  auto child = ChildProcess::spawn(args, /*quiet=*/true, /*own_group=*/true);
  if (!child.ok()) return child.status().with_context("web page: starting " + *binary);
  const auto start = std::chrono::steady_clock::now();
  auto left_ms = [&] {
    const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return std::max<int>(0, options.timeout_ms - int(spent.count()));
  };
  std::string dom;
  while (auto line = (*child)->read_line(left_ms())) dom += *line + "\n";
  auto exit_code = (*child)->wait_exit(left_ms());
  if (!exit_code) {
    (*child)->signal(SIGKILL);
    (void)(*child)->wait_exit(2000);
    return unavailable("web page " + std::to_string(page.seed) + ": chromium did not finish within " +
                       std::to_string(options.timeout_ms) + " ms");
  }
  if (*exit_code != 0)
    return unavailable("web page " + std::to_string(page.seed) + ": " + *binary + " exited with " +
                       std::to_string(*exit_code) + (*exit_code == 127 ? " (not executable?)" : ""));
  const size_t open = dom.find(kLabelsOpen);
  if (open == std::string::npos)
    return corrupt("web page " + std::to_string(page.seed) + ": no label JSON in chromium's DOM (did the script run?)");
  const size_t begin = open + std::string(kLabelsOpen).size();
  const size_t end = dom.find("</script>", begin);
  if (end == std::string::npos) return corrupt("web page " + std::to_string(page.seed) + ": label JSON not closed");
  auto labels = parse_web_labels(dom.substr(begin, end - begin), page);
  if (!labels.ok()) return labels.status().with_context("web page " + std::to_string(page.seed));
  auto frame = png_read(png_path);
  if (!frame.ok()) return frame.status().with_context("web page " + std::to_string(page.seed) + " screenshot");
  if (frame->width != page.viewport.width || frame->height != page.viewport.height)
    return corrupt("web page " + std::to_string(page.seed) + ": screenshot is " + std::to_string(frame->width) + "x" +
                   std::to_string(frame->height) + ", expected " + std::to_string(page.viewport.width) + "x" +
                   std::to_string(page.viewport.height));
  return RenderedWebPage{std::move(*frame), std::move(*labels)};
}

// ---- the cache directory ----

std::string web_page_name(uint64_t seed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "page-%06llu", (unsigned long long)seed);
  return buf;
}

Json web_labels_json(const WebPageLabels& labels) {
  Json j = Json::object();
  j["format"] = kLabelsFormat;
  j["version"] = kLabelsVersion;
  j["seed"] = labels.seed;
  j["viewport"] = Json::array();
  j["viewport"].push_back(labels.viewport.width);
  j["viewport"].push_back(labels.viewport.height);
  j["ui_scale"] = labels.ui_scale;
  j["font"] = labels.font_family;
  j["theme"] = labels.theme;
  Json& elements = j["elements"] = Json::array();
  for (const WebLabel& l : labels.labels) {
    Json e = Json::object();
    e["class"] = element_class_name(l.element.element_class);
    e["box"] = Json::array();
    for (int v : {l.element.rect.x, l.element.rect.y, l.element.rect.width, l.element.rect.height}) e["box"].push_back(v);
    e["text"] = l.element.text;
    e["readable"] = l.readable;
    e["checked"] = l.element.checked;
    e["selected"] = l.element.selected;
    e["focused"] = l.element.focused;
    e["enabled"] = l.element.enabled;
    elements.push_back(std::move(e));
  }
  return j;
}

Result<WebPageLabels> web_labels_from_json(const Json& j) {
  const Json* format = j.find("format");
  const Json* version = j.find("version");
  if (format == nullptr || !format->is_string() || format->as_string() != kLabelsFormat)
    return corrupt(std::string("not a web page label file (\"format\" is not \"") + kLabelsFormat + "\")");
  if (version == nullptr || !version->is_integer() || version->as_int() != kLabelsVersion)
    return corrupt("web page label file: unsupported version (this hemu reads version " + std::to_string(kLabelsVersion) + ")");
  WebPageLabels out;
  auto number = [&](const Json& v, const char* what) -> Result<double> {
    if (!v.is_number()) return corrupt(std::string("web page label file: ") + what + " is not a number");
    return v.as_number();
  };
  const Json* seed = j.find("seed");
  const Json* viewport = j.find("viewport");
  const Json* elements = j.find("elements");
  if (seed == nullptr || !seed->is_integer() || viewport == nullptr || !viewport->is_array() || viewport->size() != 2 ||
      elements == nullptr || !elements->is_array())
    return corrupt("web page label file: needs seed, viewport [w, h] and elements");
  out.seed = uint64_t(seed->as_int());
  auto w = number(viewport->as_array()[0], "viewport width");
  auto h = number(viewport->as_array()[1], "viewport height");
  if (!w.ok()) return w.status();
  if (!h.ok()) return h.status();
  out.viewport = {int(*w), int(*h)};
  if (const Json* s = j.find("ui_scale"); s != nullptr && s->is_number()) out.ui_scale = s->as_number();
  if (const Json* f = j.find("font"); f != nullptr && f->is_string()) out.font_family = f->as_string();
  if (const Json* t = j.find("theme"); t != nullptr && t->is_string()) out.theme = t->as_string();
  for (const Json& e : elements->as_array()) {
    const Json* c = e.find("class");
    const Json* box = e.find("box");
    if (c == nullptr || !c->is_string() || box == nullptr || !box->is_array() || box->size() != 4)
      return corrupt("web page label file: an element lacks class or box [x, y, w, h]");
    auto element_class = element_class_from_name(c->as_string());
    if (!element_class) return corrupt("web page label file: unknown class '" + c->as_string() + "'");
    int v[4];
    for (int i = 0; i < 4; ++i) {
      const Json& x = box->as_array()[size_t(i)];
      if (!x.is_integer()) return corrupt("web page label file: box values must be integers");
      v[i] = int(x.as_int());
    }
    WebLabel l;
    l.element.element_class = *element_class;
    l.element.rect = {v[0], v[1], v[2], v[3]};
    if (l.element.rect.empty() || !Rect{0, 0, out.viewport.width, out.viewport.height}.contains(l.element.rect))
      return corrupt("web page label file: box " + l.element.rect.to_string() + " is not inside the viewport");
    auto flag = [&](const char* key, bool fallback) {
      const Json* x = e.find(key);
      return x != nullptr && x->is_bool() ? x->as_bool() : fallback;
    };
    if (const Json* t = e.find("text"); t != nullptr && t->is_string()) l.element.text = t->as_string();
    l.readable = flag("readable", false);
    l.element.checked = flag("checked", false);
    l.element.selected = flag("selected", false);
    l.element.focused = flag("focused", false);
    l.element.enabled = flag("enabled", true);
    out.labels.push_back(std::move(l));
  }
  return out;
}

Status write_web_page(const std::string& dir, const WebPage& page, const RenderedWebPage& rendered, bool keep_html) {
  const std::string base = dir + "/" + web_page_name(page.seed);
  if (keep_html) HEMU_RETURN_IF_ERROR(write_text(base + ".html", page.html));
  HEMU_RETURN_IF_ERROR(png_write(rendered.frame, base + ".png"));
  // The JSON last: a page counts as cached once its label file exists.
  return write_text(base + ".json", web_labels_json(rendered.labels).dump(1) + "\n");
}

Result<std::vector<std::string>> list_web_pages(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return not_found("web pages: no directory " + dir + " (render one: hemu web render --out " + dir + ")");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind("page-", 0) == 0 && entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  if (ec) return io_error("web pages: listing " + dir + ": " + ec.message());
  std::sort(names.begin(), names.end());
  if (names.empty()) return not_found("web pages: no page-*.json in " + dir);
  return names;
}

Result<WebPageLabels> read_web_labels(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name + ".json";
  auto bytes = file_read_all(path);
  if (!bytes.ok()) return bytes.status().with_context(path);
  auto json = Json::parse(to_string(*bytes));
  if (!json.ok()) return corrupt(path + ": " + json.status().message());
  auto labels = web_labels_from_json(*json);
  if (!labels.ok()) return labels.status().with_context(path);
  return labels;
}

Result<RenderedWebPage> read_web_page(const std::string& dir, const std::string& name) {
  auto labels = read_web_labels(dir, name);
  if (!labels.ok()) return labels.status();
  auto frame = png_read(dir + "/" + name + ".png");
  if (!frame.ok()) return frame.status();
  if (frame->width != labels->viewport.width || frame->height != labels->viewport.height)
    return corrupt(dir + "/" + name + ".png is " + std::to_string(frame->width) + "x" + std::to_string(frame->height) +
                   ", its labels say " + std::to_string(labels->viewport.width) + "x" +
                   std::to_string(labels->viewport.height));
  return RenderedWebPage{std::move(*frame), std::move(*labels)};
}

Status check_web_pages(const std::string& dir, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    auto page = read_web_page(dir, name);
    if (!page.ok()) return page.status().with_context("web pages in " + dir);
  }
  return Status();
}

Result<WebRenderReport> render_web_pages(const std::string& dir, const WebRenderOptions& options) {
  if (options.count < 1) return invalid_argument("web render: --pages must be >= 1");
  auto binary = find_chromium(options.chromium);
  if (!binary.ok()) return binary.status();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error("web render: cannot create " + dir + ": " + ec.message());
  WebRenderReport report;
  const auto start = std::chrono::steady_clock::now();
  ChromiumOptions chromium = options.chromium;
  chromium.binary = *binary;
  for (int i = 0; i < options.count; ++i) {
    const uint64_t seed = options.first_seed + uint64_t(i);
    const std::string base = dir + "/" + web_page_name(seed);
    if (fs::exists(base + ".json", ec) && fs::exists(base + ".png", ec)) {
      // A kept page must be of the asked font set: a held-out set rendered into a directory of
      // training pages (same seeds, same layout and words) would otherwise be measured in
      // training fonts without a word.
      auto kept = read_web_labels(dir, web_page_name(seed));
      if (!kept.ok()) return kept.status();
      const auto& families = web_font_families(options.fonts);
      if (std::find(families.begin(), families.end(), kept->font_family) == families.end())
        return invalid_argument(base + ".json is already there in font '" + kept->font_family + "', which is not in the " +
                                (options.fonts == WebFontSet::kHeldOut ? "held-out" : "training") +
                                " font set: render this set into another directory");
      ++report.skipped;
    } else {
      WebPage page = generate_web_page(seed, options.fonts);
      auto rendered = render_web_page(page, chromium);
      if (!rendered.ok()) return rendered.status();
      HEMU_RETURN_IF_ERROR(write_web_page(dir, page, *rendered, options.keep_html));
      ++report.rendered;
      report.labels += int64_t(rendered->labels.labels.size());
    }
    if (options.progress) options.progress(i + 1, options.count);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace hemu
