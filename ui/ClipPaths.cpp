#include "ui/ClipPaths.h"

#include <QDirIterator>
#include <QFileInfo>

namespace restyle::ui {

QStringList clipsAt(const QString& path) {
    static const QStringList kVideoSuffixes = {"mp4",  "mov", "mkv", "avi", "webm", "m4v", "mpg",
                                               "mpeg", "ts",  "mts", "wmv", "flv",  "ogv"};
    if (!QFileInfo(path).isDir()) return {path};
    QStringList clips;
    QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (kVideoSuffixes.contains(QFileInfo(f).suffix().toLower())) clips << f;
    }
    clips.sort();
    return clips;
}

}  // namespace restyle::ui
