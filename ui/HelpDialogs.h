#pragma once
// Help menu contents: the list of keyboard shortcuts and the About box with the versions of
// Restyle and of the libraries it runs on.
#include <QList>
#include <QString>

class QAction;
class QWidget;

namespace restyle::ui {

// The shortcut list as HTML rows (also shown in the dialog); `actions` in menu order.
QString shortcutTable(const QList<QAction*>& actions);
void showShortcuts(QWidget* parent, const QList<QAction*>& actions);
QString aboutText();
void showAbout(QWidget* parent);

}  // namespace restyle::ui
