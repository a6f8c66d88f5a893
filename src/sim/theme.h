// Theme and Style: how the embedded desktop looks.
//
// A Theme is a palette plus shape choices (corner radius, bevels) and a UI font family. Themes come
// in three families (light, dark, classic) and are jittered per seed (accent hue, greys, radius,
// font), so a policy cannot memorise one look. A Style is a Theme at a UI scale with its fonts
// loaded; widgets measure and paint through it. Value types; Style holds Font handles that are
// valid while the thread's FontLibrary lives.
#pragma once

#include <string>
#include <vector>

#include "core/rng.h"
#include "sim/canvas.h"
#include "sim/font.h"

namespace hemu {

enum class ThemeFamily { kLight, kDark, kClassic };
const char* theme_family_name(ThemeFamily family);

struct Theme {
  ThemeFamily family = ThemeFamily::kLight;
  std::string font_family = "DejaVu Sans";
  int font_size = 13;  // logical pixels at scale 1
  int corner_radius = 4;
  bool bevel = false;  // classic 3-D borders

  Color wallpaper_top, wallpaper_bottom;
  Color window_bg, window_border, title_active, title_inactive, title_text, title_text_inactive;
  Color text, text_muted, link, link_visited, accent, accent_text;
  Color button_bg, button_hover, button_pressed, button_border, button_text;
  Color field_bg, field_border, field_focus, placeholder;
  Color selection_bg, selection_text;
  Color list_bg, list_alt_row, header_bg, grid_line;
  Color scrollbar_track, scrollbar_thumb;
  Color taskbar_bg, taskbar_text, taskbar_active;
  Color danger, success;
};

// The UI font families the desktop draws from in training (a few more are held out for
// evaluation on unseen fonts; see sim/theme.cc).
const std::vector<std::string>& training_font_families();
const std::vector<std::string>& held_out_font_families();

// A theme of `family` with jittered colours, radius and font, drawn from `rng`.
Theme make_theme(ThemeFamily family, Rng& rng, bool held_out_fonts = false);

struct Style {
  Theme theme;
  double scale = 1.0;
  Font font;        // body text
  Font bold;        // body size, bold
  Font small;       // captions, table cells
  Font heading;     // section headings
  Font title;       // window titles
  Font mono;        // numbers in tables, codes

  // Logical pixels at scale 1 -> screen pixels.
  int px(double logical) const;
};

// Loads the theme's fonts at `scale` (falls back to DejaVu Sans for a family that will not load).
Style make_style(const Theme& theme, double scale);

}  // namespace hemu
