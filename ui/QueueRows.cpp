#include "ui/QueueRows.h"

#include <QFileInfo>
#include <QObject>
#include <QStringList>

namespace restyle::ui {

namespace {

QString keyframeText(const Keyframe& k) {
    const QString what = k.image.empty()
                             ? QString::fromStdString(k.editor)
                             : QObject::tr("painting %1").arg(
                                   QFileInfo(QString::fromStdString(k.image)).fileName());
    return QObject::tr("%1 at %2").arg(what).arg(k.frame);
}

QString rangeText(const Job& job) {
    const auto& s = job.settings;
    if (s.firstFrame <= 0 && s.lastFrame < 0) return QString();
    return s.lastFrame < 0 ? QObject::tr("frames %1-end").arg(s.firstFrame)
                           : QObject::tr("frames %1-%2").arg(s.firstFrame).arg(s.lastFrame);
}

}  // namespace

QString recipeSummary(const Job& job) {
    const auto& s = job.settings;
    QStringList parts{QString::fromStdString(s.engine)};
    if (s.engine == "diffusion" && s.engineSettings.contains("model") &&
        s.engineSettings["model"].is_string())
        parts.back() += " (" +
                        QFileInfo(QString::fromStdString(s.engineSettings["model"])).fileName() +
                        ")";
    QStringList keys;
    for (const auto& k : job.keyframes)
        keys << keyframeText(k);
    if (!keys.isEmpty()) parts << keys.join(", ");
    if (const QString r = rangeText(job); !r.isEmpty()) parts << r;
    parts << QObject::tr("CRF %1, %2").arg(s.crf).arg(QString::fromStdString(s.preset));
    return parts.join(" · ");
}

QString queueRowText(const QueueEntry& e) {
    const QFileInfo input(QString::fromStdString(e.job.input));
    const QFileInfo output(QString::fromStdString(e.job.output));
    const QString name = input.fileName();
    // The output's folder too where it is not the clip's (the last export's folder, say).
    const QString out = output.absolutePath() == input.absolutePath() ? output.fileName()
                                                                       : output.absoluteFilePath();
    QString state = QString::fromStdString(jobStateName(e.state));
    if (e.state == JobState::Running) state += QString(" %1%").arg(int(e.percent));
    QString text = QString("%1 → %2 — %3").arg(name, out, state);
    if (e.state == JobState::Failed) text += ": " + QString::fromStdString(e.error);
    return text + "\n    " + recipeSummary(e.job);
}

QString queueRowTooltip(const QueueEntry& e) {
    const auto& s = e.job.settings;
    QStringList lines{QString::fromStdString(e.job.input) + " →",
                      QString::fromStdString(e.job.output), recipeSummary(e.job),
                      QObject::tr("Flow: %1; flicker removal %2; processing size %3")
                          .arg(QString::fromStdString(s.flow.method))
                          .arg(s.temporalStrength)
                          .arg(s.maxSide > 0 ? QObject::tr("%1 px").arg(s.maxSide)
                                             : QObject::tr("the clip's own"))};
    if (!e.error.empty()) lines << QString::fromStdString(e.error);
    return lines.join("\n");
}

}  // namespace restyle::ui
