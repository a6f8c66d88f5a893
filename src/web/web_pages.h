// Web pages for the screen parser's training and evaluation: HTML we write ourselves from a seed,
// rendered by a real headless Chromium, labelled from the DOM (docs/web_pages.md).
//
// The embedded desktop is one look; programs the model will meet (web pages in a browser, desktop
// programs) draw their controls differently. So a seed gives a page with forms, buttons, links,
// text and password fields, check boxes, radios, selects, sliders, lists, tables, tabs, a menu bar
// (sometimes with an open menu) and static text, in varied fonts (installed families only), sizes,
// colours, light or dark themes, spacing and viewport sizes (800x600 .. 1920x1080).
//
// Labels come from the DOM, for TRAINING AND EVALUATION ONLY (the policy never sees a DOM): every
// labelled element carries a data-hemu attribute naming its ElementClass; an inline script at the end
// of the page measures each one (getBoundingClientRect), reads its drawn text and states (checked,
// selected, focused, disabled) and writes them as JSON into a <script type="application/json">
// element, which `chromium --dump-dom` prints. One Chromium run per page gives both the screenshot
// and the DOM.
//
// Rendered pages are cached in a directory (one PNG + one label JSON per page) so training never
// renders. Stateless functions; safe to call from several threads (each render uses its own
// Chromium profile directory).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/json.h"
#include "core/status.h"
#include "core/ui_element.h"

namespace hemu {

// Which font families a page may use. Held-out families are never used by training pages, so a
// held-out set measures reading and finding in fonts the model never saw.
enum class WebFontSet { kTraining, kHeldOut };
const std::vector<std::string>& web_font_families(WebFontSet set);

// What the generator put on the page, in document order: the labels the DOM must give back
// (class and drawn text) for the elements inside the viewport.
struct WebExpectedElement {
  ElementClass element_class = ElementClass::kText;
  std::string text;
};

struct WebPage {
  uint64_t seed = 0;
  Size viewport;            // screenshot size, CSS px (device scale factor 1)
  std::string font_family;  // the page's main family
  std::string theme;        // "light" | "dark"
  std::string html;
  std::vector<WebExpectedElement> expected;
};

// The page for `seed`: deterministic (same seed and font set, same HTML).
WebPage generate_web_page(uint64_t seed, WebFontSet fonts);

// One label read back from the rendered page.
struct WebLabel {
  UiElement element;      // class, box (clipped to the viewport), text, states; score 1
  bool readable = false;  // `text` is exactly what is drawn in the box on one line (reader target)
};

struct WebPageLabels {
  uint64_t seed = 0;
  Size viewport;
  double ui_scale = 1.0;
  std::string font_family;
  std::string theme;
  std::vector<WebLabel> labels;
};

struct ChromiumOptions {
  std::string binary;        // "" = $HEMU_CHROMIUM, else chromium / chromium-browser in PATH
  std::string work_dir;      // profile directories and page files go here ("" = a new dir in /tmp)
  int timeout_ms = 60000;    // per page
};

// Path of the Chromium binary to use, or kNotFound with a hint.
Result<std::string> find_chromium(const ChromiumOptions& options);

// Renders `page` with headless Chromium: the screenshot (viewport size) and the DOM labels.
// kNotFound when Chromium is missing, kUnavailable when it fails or times out, kCorrupt when the
// page's label JSON is missing or malformed.
struct RenderedWebPage {
  Frame frame;
  WebPageLabels labels;
};
Result<RenderedWebPage> render_web_page(const WebPage& page, const ChromiumOptions& options);

// Labels from the JSON the page's script wrote (exposed for tests): boxes clipped to the viewport,
// elements less than kWebMinVisibleFraction visible or smaller than 4 px dropped.
inline constexpr double kWebMinVisibleFraction = 0.7;
Result<WebPageLabels> parse_web_labels(const std::string& json_text, const WebPage& page);

// ---- the cache directory (docs/web_pages.md) ----

// "page-000123" for seed 123.
std::string web_page_name(uint64_t seed);
Json web_labels_json(const WebPageLabels& labels);
Result<WebPageLabels> web_labels_from_json(const Json& json);

// Writes DIR/<name>.png and DIR/<name>.json (and <name>.html when `keep_html`).
Status write_web_page(const std::string& dir, const WebPage& page, const RenderedWebPage& rendered, bool keep_html);

// The page names in `dir` (sorted; a name counts when its .json exists). kNotFound when `dir` is
// missing or holds no page.
Result<std::vector<std::string>> list_web_pages(const std::string& dir);
Result<WebPageLabels> read_web_labels(const std::string& dir, const std::string& name);
// The screenshot and labels; kCorrupt when the PNG's size is not the labelled viewport.
Result<RenderedWebPage> read_web_page(const std::string& dir, const std::string& name);
// Reads every page once (labels and screenshot): trainers call it before their first step, so a
// damaged page stops a run at its start with the page's name, not minutes into it.
Status check_web_pages(const std::string& dir, const std::vector<std::string>& names);

// Renders pages for seeds first_seed .. first_seed + count - 1 into `dir`, skipping pages already
// there. `progress(done, total)` after each page.
struct WebRenderOptions {
  uint64_t first_seed = 0;
  int count = 1;
  WebFontSet fonts = WebFontSet::kTraining;
  bool keep_html = true;
  ChromiumOptions chromium;
  std::function<void(int done, int total)> progress;
};
struct WebRenderReport {
  int rendered = 0, skipped = 0;
  int64_t labels = 0;
  double seconds = 0;
};
Result<WebRenderReport> render_web_pages(const std::string& dir, const WebRenderOptions& options);

}  // namespace hemu
