#include "ui/HelpDialogs.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMessageBox>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "common/BuildInfo.h"

namespace restyle::ui {

QString shortcutTable(const QList<QAction*>& actions) {
    QString rows;
    for (const QAction* a : actions)
        rows += QString("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                         a->text().remove('&').remove(QChar(0x2026)).toHtmlEscaped());
    // Keys the timeline and viewer handle themselves.
    rows += QObject::tr(
        "<tr><td><b>Mouse wheel</b></td><td>Zoom the viewer</td></tr>"
        "<tr><td><b>Drag in the viewer</b></td><td>Move the before/after "
        "divider</td></tr>");
    return "<table cellspacing=6>" + rows + "</table>";
}

void showShortcuts(QWidget* parent, const QList<QAction*>& actions) {
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Keyboard shortcuts"));
    auto* v = new QVBoxLayout(&dialog);
    auto* text = new QTextBrowser(&dialog);
    text->setHtml(shortcutTable(actions));
    v->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    v->addWidget(buttons);
    dialog.resize(460, 560);
    dialog.exec();
}

QString aboutText() {
    return QObject::tr(
               "<h3>Restyle %1</h3>"
               "<p>Restyle a video from an edited keyframe: optical flow carries your "
               "edit through the clip (FlowVid method).</p>"
               "<p>Qt %2 (built with %3)<br>%4<br>%5<br>%6</p>")
        .arg(RESTYLE_VERSION, qVersion(), QT_VERSION_STR,
             QString::fromStdString(ffmpegVersionText()),
             QString::fromStdString(opencvVersionText()),
             QString::fromStdString(torchVersionText()));
}

void showAbout(QWidget* parent) {
    QMessageBox::about(parent, QObject::tr("About Restyle"), aboutText());
}

}  // namespace restyle::ui
