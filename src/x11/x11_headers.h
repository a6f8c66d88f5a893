// The Xlib headers hemu uses, in one place, with the macros that clash with hemu removed.
//
// Xlib defines `Status` as a macro for `int`, which would rewrite every later `hemu::Status`. This
// header includes every X header the module needs and then undefines it; use `int` where Xlib
// documents a `Status` return. Include it last, after hemu and standard headers, and only from
// src/x11 (the one module allowed to see Xlib).
#pragma once

#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/Xfixes.h>
#include <X11/extensions/Xrandr.h>
#include <X11/keysym.h>

#undef Status
