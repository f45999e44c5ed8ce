#pragma once
// Dark or light colours. By default the application follows the desktop: dark when the
// platform's palette is dark, GTK_THEME names a dark variant, or GNOME prefers dark.
#include <QString>

namespace restyle::ui {

bool desktopPrefersDark();
// "auto" (follow the desktop), "dark" or "light"; remembered in the settings.
QString themeSetting();
void setThemeSetting(const QString& theme);
// Applies the setting to the running application (Fusion style with a dark palette when dark).
void applyTheme();
bool darkThemeActive();

}  // namespace restyle::ui
