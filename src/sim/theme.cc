#include "sim/theme.h"

#include <algorithm>
#include <cmath>

namespace hemu {

const char* theme_family_name(ThemeFamily family) {
  switch (family) {
    case ThemeFamily::kLight: return "light";
    case ThemeFamily::kDark: return "dark";
    case ThemeFamily::kClassic: return "classic";
  }
  return "?";
}

const std::vector<std::string>& training_font_families() {
  static const std::vector<std::string> families = {
      "DejaVu Sans", "Liberation Sans", "FreeSans", "Cantarell", "Open Sans", "Lato", "Carlito",
      "DejaVu Serif", "Liberation Serif"};
  return families;
}

const std::vector<std::string>& held_out_font_families() {
  static const std::vector<std::string> families = {"Roboto", "Inter", "Nimbus Sans", "Comic Neue",
                                                    "FreeSerif"};
  return families;
}

namespace {

Color hsv(double h, double s, double v) {
  h = std::fmod(h, 360.0);
  if (h < 0) h += 360.0;
  double c = v * s, x = c * (1 - std::fabs(std::fmod(h / 60.0, 2) - 1)), m = v - c;
  double r = 0, g = 0, b = 0;
  if (h < 60) r = c, g = x;
  else if (h < 120) r = x, g = c;
  else if (h < 180) g = c, b = x;
  else if (h < 240) g = x, b = c;
  else if (h < 300) r = x, b = c;
  else r = c, b = x;
  auto to8 = [&](double u) { return uint8_t(std::clamp(int(std::lround((u + m) * 255)), 0, 255)); };
  return {to8(r), to8(g), to8(b), 255};
}

double relative_luminance(Color c) {
  auto channel = [](uint8_t v) {
    double u = v / 255.0;
    return u <= 0.03928 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

// WCAG contrast ratio between two colours (1 .. 21).
double contrast(Color a, Color b) {
  double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Darkens (or lightens) `accent` until text in `text_colour` on it reaches `ratio`, as real
// themes do: a yellow accent under white text becomes an ochre.
Color ensure_contrast(Color accent, Color text_colour, double ratio) {
  for (int i = 0; i < 40 && contrast(accent, text_colour) < ratio; ++i)
    accent = accent.mix(relative_luminance(text_colour) > 0.5 ? Color{0, 0, 0, 255} : Color{255, 255, 255, 255}, 0.06);
  return accent;
}

Color grey(int level) {
  uint8_t v = uint8_t(std::clamp(level, 0, 255));
  return {v, v, v, 255};
}

}  // namespace

Theme make_theme(ThemeFamily family, Rng& rng, bool held_out_fonts) {
  Theme t;
  t.family = family;
  const auto& fonts = held_out_fonts ? held_out_font_families() : training_font_families();
  // Sans faces are more common in real UIs: serif families are the tail of the list.
  t.font_family = rng.chance(0.8) ? fonts[size_t(rng.uniform_int(0, std::min<int>(6, int(fonts.size())) - 1))]
                                  : rng.pick(fonts);
  t.font_size = rng.uniform_int(12, 15);
  double hue = rng.uniform(0, 360);
  double wall_hue = rng.uniform(0, 360);
  int jitter = rng.uniform_int(-8, 8);

  switch (family) {
    case ThemeFamily::kLight: {
      t.corner_radius = rng.uniform_int(2, 7);
      t.wallpaper_top = hsv(wall_hue, 0.35, 0.75);
      t.wallpaper_bottom = hsv(wall_hue + 30, 0.45, 0.55);
      t.window_bg = grey(246 + jitter / 2);
      t.window_border = grey(170 + jitter);
      t.accent = hsv(hue, 0.7, 0.8);
      t.accent_text = grey(255);
      t.title_active = grey(228 + jitter);
      t.title_inactive = grey(240 + jitter / 2);
      t.title_text = grey(30);
      t.title_text_inactive = grey(130);
      t.text = grey(25 + jitter);
      t.text_muted = grey(115 + jitter);
      t.link = hsv(hue, 0.8, 0.7);
      t.link_visited = hsv(hue + 60, 0.6, 0.55);
      t.button_bg = grey(236 + jitter / 2);
      t.button_hover = grey(226 + jitter / 2);
      t.button_pressed = grey(205);
      t.button_border = grey(175 + jitter);
      t.button_text = grey(20);
      t.field_bg = grey(255);
      t.field_border = grey(180 + jitter);
      t.field_focus = t.accent;
      t.placeholder = grey(160);
      t.selection_bg = hsv(hue, 0.55, 0.9);
      t.selection_text = grey(255);
      t.list_bg = grey(255);
      t.list_alt_row = grey(247);
      t.header_bg = grey(236);
      t.grid_line = grey(222);
      t.scrollbar_track = grey(238);
      t.scrollbar_thumb = grey(185);
      t.taskbar_bg = grey(40);
      t.taskbar_text = grey(235);
      t.taskbar_active = grey(80);
      break;
    }
    case ThemeFamily::kDark: {
      t.corner_radius = rng.uniform_int(3, 8);
      t.wallpaper_top = hsv(wall_hue, 0.5, 0.25);
      t.wallpaper_bottom = hsv(wall_hue + 40, 0.6, 0.12);
      t.window_bg = grey(40 + jitter / 2);
      t.window_border = grey(20);
      t.accent = hsv(hue, 0.6, 0.85);
      t.accent_text = grey(15);
      t.title_active = grey(28 + jitter / 2);
      t.title_inactive = grey(45);
      t.title_text = grey(235);
      t.title_text_inactive = grey(140);
      t.text = grey(225 + jitter);
      t.text_muted = grey(150 + jitter);
      t.link = hsv(hue, 0.45, 0.95);
      t.link_visited = hsv(hue + 60, 0.35, 0.8);
      t.button_bg = grey(62 + jitter / 2);
      t.button_hover = grey(75);
      t.button_pressed = grey(90);
      t.button_border = grey(85 + jitter);
      t.button_text = grey(235);
      t.field_bg = grey(28);
      t.field_border = grey(80 + jitter);
      t.field_focus = t.accent;
      t.placeholder = grey(110);
      t.selection_bg = hsv(hue, 0.6, 0.6);
      t.selection_text = grey(255);
      t.list_bg = grey(32);
      t.list_alt_row = grey(37);
      t.header_bg = grey(50);
      t.grid_line = grey(60);
      t.scrollbar_track = grey(35);
      t.scrollbar_thumb = grey(85);
      t.taskbar_bg = grey(15);
      t.taskbar_text = grey(220);
      t.taskbar_active = grey(60);
      break;
    }
    case ThemeFamily::kClassic: {
      t.corner_radius = 0;
      t.bevel = true;
      t.font_size = rng.uniform_int(12, 14);
      t.wallpaper_top = hsv(170 + rng.uniform(-20, 20), 0.6, 0.5);
      t.wallpaper_bottom = t.wallpaper_top;
      t.window_bg = grey(192 + jitter / 2);
      t.window_border = grey(64);
      t.accent = hsv(230 + rng.uniform(-15, 15), 0.9, 0.5);
      t.accent_text = grey(255);
      t.title_active = t.accent;
      t.title_inactive = grey(128);
      t.title_text = grey(255);
      t.title_text_inactive = grey(200);
      t.text = grey(0);
      t.text_muted = grey(90);
      t.link = hsv(240, 0.9, 0.8);
      t.link_visited = hsv(290, 0.8, 0.5);
      t.button_bg = grey(192 + jitter / 2);
      t.button_hover = grey(200);
      t.button_pressed = grey(170);
      t.button_border = grey(64);
      t.button_text = grey(0);
      t.field_bg = grey(255);
      t.field_border = grey(100);
      t.field_focus = grey(0);
      t.placeholder = grey(140);
      t.selection_bg = t.accent;
      t.selection_text = grey(255);
      t.list_bg = grey(255);
      t.list_alt_row = grey(255);
      t.header_bg = grey(200);
      t.grid_line = grey(210);
      t.scrollbar_track = grey(215);
      t.scrollbar_thumb = grey(180);
      t.taskbar_bg = grey(192);
      t.taskbar_text = grey(0);
      t.taskbar_active = grey(220);
      break;
    }
  }
  // Captions on accent-coloured buttons and selections must stay readable for every hue.
  t.accent = ensure_contrast(t.accent, t.accent_text, 4.5);
  t.selection_bg = ensure_contrast(t.selection_bg, t.selection_text, 4.5);
  if (family == ThemeFamily::kClassic) t.title_active = t.accent;
  t.danger = hsv(rng.uniform(350, 370), 0.75, 0.8);
  t.success = hsv(rng.uniform(110, 140), 0.65, 0.65);
  return t;
}

int Style::px(double logical) const { return int(std::lround(logical * scale)); }

Style make_style(const Theme& theme, double scale) {
  Style s;
  s.theme = theme;
  s.scale = scale;
  FontLibrary& fonts = font_library_for_thread();
  auto load = [&](const std::string& family, double size, FontStyle style) {
    int pixels = std::max(6, int(std::lround(size * scale)));
    auto font = fonts.font(family, pixels, style);
    if (!font.ok()) font = fonts.font(family, pixels, FontStyle::kRegular);
    if (!font.ok()) font = fonts.font("DejaVu Sans", pixels, style);
    HEMU_CHECK(font.ok()) << "DejaVu Sans must load (scripts/install_deps.sh installs it): "
                          << font.status().to_string();
    return *font;
  };
  s.font = load(theme.font_family, theme.font_size, FontStyle::kRegular);
  s.bold = load(theme.font_family, theme.font_size, FontStyle::kBold);
  s.small = load(theme.font_family, theme.font_size - 1, FontStyle::kRegular);
  s.heading = load(theme.font_family, theme.font_size + 4, FontStyle::kBold);
  s.title = load(theme.font_family, theme.font_size, FontStyle::kBold);
  s.mono = load("DejaVu Sans Mono", theme.font_size - 1, FontStyle::kRegular);
  return s;
}

}  // namespace hemu
