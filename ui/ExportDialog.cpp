#include "ui/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

#include "common/Error.h"

namespace restyle::ui {

ExportDialog::ExportDialog(const QString& suggested, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export"));
    QSettings settings;
    auto* form = new QFormLayout(this);
    path_ = new QLineEdit(suggested, this);
    path_->setMinimumWidth(fontMetrics().averageCharWidth() * 60);  // a path reads whole
    path_->setToolTip(tr("Where the export is written; its extension chooses the format"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setToolTip(tr("Choose where to write the export"));
    // The format follows the output's extension (and choosing a format changes it).
    format_ = new QComboBox(this);
    format_->setToolTip(
        tr("MP4 (H.264) for sharing; FFV1 .mkv and ProRes 4444 .mov keep every "
           "pixel for further editing; a PNG sequence writes one image per frame"));
    for (const auto& [label, suffix] : formats())
        format_->addItem(label, suffix);
    auto* row = new QHBoxLayout();
    row->addWidget(path_, 1);
    row->addWidget(browse);
    crf_ = new QSpinBox(this);
    crf_->setRange(0, 51);
    crf_->setValue(settings.value("export/crf", 18).toInt());
    crf_->setToolTip(tr("Lower is better quality and a larger file; 18 looks lossless to most"));
    preset_ = new QComboBox(this);
    preset_->addItems({"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow",
                       "slower", "veryslow"});
    preset_->setCurrentText(settings.value("export/preset", "medium").toString());
    preset_->setToolTip(tr("Slower presets make smaller files at the same quality"));
    maxSide_ = new QSpinBox(this);
    maxSide_->setRange(0, 8192);
    maxSide_->setSingleStep(64);
    maxSide_->setSpecialValueText(tr("as rendered"));
    maxSide_->setValue(settings.value("export/maxSide", 0).toInt());
    maxSide_->setToolTip(tr("Scale down so the longer side is at most this many pixels"));
    audio_ = new QCheckBox(tr("Keep the audio"), this);
    audio_->setObjectName("keepAudio");
    audio_->setChecked(settings.value("export/audio", true).toBool());
    audio_->setToolTip(tr("Copy the source clip's sound into the export"));
    open_ = new QCheckBox(tr("Open the containing folder when done"), this);
    open_->setChecked(settings.value("export/openFolder", false).toBool());
    open_->setToolTip(tr("Show the exported file in the file manager when the export is done"));
    form->addRow(tr("Output"), row);
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Quality (CRF)"), crf_);
    form->addRow(tr("Preset"), preset_);
    form->addRow(tr("Max size"), maxSide_);
    form->addRow(audio_);
    form->addRow(open_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    form->addRow(buttons);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(
            this, tr("Export"), path_->text(),
            tr("Videos and image sequences (*.mp4 *.mkv *.mov *.png)"));
        if (f.isEmpty()) return;
        path_->setText(f);
        confirmedReplace_ = f;  // the chooser asks before choosing an existing file
    });
    auto syncFormat = [this] {
        const QString suffix = QFileInfo(path_->text()).suffix().toLower();
        const int i = format_->findData(suffix);
        const QSignalBlocker block(format_);
        if (i >= 0) format_->setCurrentIndex(i);
        const bool mp4 = suffix == "mp4";
        crf_->setEnabled(mp4);
        preset_->setEnabled(mp4);
        audio_->setEnabled(sourceHasAudio_ && suffix != "png");
    };
    connect(path_, &QLineEdit::textChanged, this, syncFormat);
    connect(format_, &QComboBox::currentIndexChanged, this, [this] {
        const QFileInfo fi(path_->text());
        QString base = fi.completeBaseName();
        const QString suffix = format_->currentData().toString();
        // An image sequence is NAME_%06d.png; the other formats are one file.
        base.remove(QRegularExpression("_%0\\d+d$"));
        path_->setText(fi.path() + "/" + base + (suffix == "png" ? "_%06d." : ".") + suffix);
    });
    syncFormat();
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!confirmOutput()) return;
        QSettings s;
        s.setValue("export/crf", crf_->value());
        s.setValue("export/preset", preset_->currentText());
        s.setValue("export/maxSide", maxSide_->value());
        if (sourceHasAudio_) s.setValue("export/audio", audio_->isChecked());
        s.setValue("export/openFolder", open_->isChecked());
        s.setValue("export/folder", QFileInfo(output()).absolutePath());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ExportDialog::suggestedOutput(const QString& clip) {
    const QFileInfo src(clip);
    const auto writable = [](const QString& dir) {
        const QFileInfo d(dir);
        return !dir.isEmpty() && d.isDir() && d.isWritable();
    };
    QString dir = QSettings().value("export/folder").toString();
    if (!writable(dir)) dir = src.absolutePath();
    if (!writable(dir)) {
        dir = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
        QDir().mkpath(dir);
    }
    return dir + "/" + src.completeBaseName() + ".restyled.mp4";
}

std::vector<std::pair<QString, QString>> ExportDialog::formats() {
    return {{tr("MP4 (H.264, with audio)"), "mp4"},
            {tr("MKV (FFV1, lossless)"), "mkv"},
            {tr("MOV (ProRes 4444)"), "mov"},
            {tr("PNG image sequence"), "png"}};
}

bool ExportDialog::confirmOutput() {
    const QFileInfo out(output());
    const QFileInfo folder(out.absolutePath());
    QString problem;
    if (out.fileName().isEmpty() || out.completeBaseName().isEmpty())
        problem = tr("Choose a file name to export to.");
    else if (!folder.isDir())
        problem = tr("The folder %1 does not exist.").arg(folder.absoluteFilePath());
    else if (!folder.isWritable())
        problem = tr("The folder %1 cannot be written to.").arg(folder.absoluteFilePath());
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Export"), problem);
        return false;
    }
    // An image sequence NAME_%06d.png: any NAME_*.png there would be mixed with the new one.
    QStringList existing;
    if (out.suffix().toLower() == "png") {
        QString base = out.completeBaseName();
        base.remove(QRegularExpression("%0\\d+d$"));
        existing = QDir(folder.absoluteFilePath()).entryList({base + "*.png"}, QDir::Files);
    } else if (out.exists()) {
        existing << out.fileName();
    }
    if (existing.isEmpty() || output() == confirmedReplace_) return true;
    const QString what =
        existing.size() == 1
            ? existing.first()
            : tr("%1 and %2 more files").arg(existing.first()).arg(existing.size() - 1);
    return QMessageBox::question(this, tr("Export"),
                                 tr("%1 already exists in %2. Replace it?")
                                     .arg(what, folder.absoluteFilePath()),
                                 QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

QString ExportDialog::output() const {
    return path_->text();
}
bool ExportDialog::openFolder() const {
    return open_->isChecked();
}

TranscodeOptions ExportDialog::options() const {
    TranscodeOptions o;
    o.crf = crf_->value();
    o.preset = preset_->currentText().toStdString();
    o.maxSide = maxSide_->value();
    o.audio = sourceHasAudio_ && audio_->isChecked();
    return o;
}

void ExportDialog::setOptions(const TranscodeOptions& o) {
    crf_->setValue(o.crf);
    preset_->setCurrentText(QString::fromStdString(o.preset));
    maxSide_->setValue(o.maxSide);
    if (sourceHasAudio_) audio_->setChecked(o.audio);
}

void ExportDialog::setSourceHasAudio(bool hasAudio) {
    sourceHasAudio_ = hasAudio;
    if (!hasAudio) {
        audio_->setChecked(false);
        audio_->setToolTip(tr("The clip has no sound"));
    }
    audio_->setEnabled(hasAudio && QFileInfo(output()).suffix().toLower() != "png");
}

QString ExportDialog::exportVideo(const QString& result, const QString& output,
                                  const TranscodeOptions& options, const ProgressCallback& progress,
                                  std::stop_token stop) {
    try {
        transcode(result.toStdString(), output.toStdString(), options, progress, stop);
        return {};
    } catch (const CanceledError&) {
        return tr("Export canceled; nothing was written.");
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

}  // namespace restyle::ui
