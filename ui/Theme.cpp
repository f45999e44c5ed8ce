#include "ui/Theme.h"

#include <QApplication>
#include <QPalette>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

namespace restyle::ui {

namespace {

bool dark_ = false;
QPalette platformPalette;  // the desktop's palette, before any change of ours
bool platformPaletteKnown = false;

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 228);
    const QColor disabled(125, 125, 130), accent(62, 130, 220);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, accent.lighter(130));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

}  // namespace

bool desktopPrefersDark() {
    if (!platformPaletteKnown) {
        platformPalette = QApplication::palette();
        platformPaletteKnown = true;
    }
    if (platformPalette.color(QPalette::Window).lightness() < 110) return true;
    if (qEnvironmentVariable("GTK_THEME").contains(":dark", Qt::CaseInsensitive)) return true;
    // GNOME and its relatives: org.gnome.desktop.interface color-scheme 'prefer-dark'.
    if (!QStandardPaths::findExecutable("gsettings").isEmpty()) {
        QProcess p;
        p.start("gsettings", {"get", "org.gnome.desktop.interface", "color-scheme"});
        if (p.waitForFinished(500) && p.readAllStandardOutput().contains("dark")) return true;
    }
    return false;
}

QString themeSetting() {
    return QSettings().value("appearance/theme", "auto").toString();
}

void setThemeSetting(const QString& theme) {
    QSettings().setValue("appearance/theme", theme);
    applyTheme();
}

void applyTheme() {
    const QString setting = themeSetting();
    const bool wantDark = setting == "dark" || (setting == "auto" && desktopPrefersDark());
    if (wantDark) {
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QApplication::setPalette(darkPalette());
    } else if (dark_) {
        QApplication::setPalette(platformPalette);
    }
    dark_ = wantDark;
}

bool darkThemeActive() {
    return dark_;
}

}  // namespace restyle::ui
