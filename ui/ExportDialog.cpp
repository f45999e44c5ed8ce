#include "ui/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include "common/Error.h"

namespace restyle::ui {

ExportDialog::ExportDialog(const QString& suggested, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export MP4"));
    QSettings settings;
    auto* form = new QFormLayout(this);
    path_ = new QLineEdit(suggested, this);
    auto* browse = new QPushButton(tr("Browse…"), this);
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
    maxSide_ = new QSpinBox(this);
    maxSide_->setRange(0, 8192);
    maxSide_->setSingleStep(64);
    maxSide_->setSpecialValueText(tr("as rendered"));
    maxSide_->setValue(settings.value("export/maxSide", 0).toInt());
    audio_ = new QCheckBox(tr("Keep the audio"), this);
    audio_->setChecked(settings.value("export/audio", true).toBool());
    open_ = new QCheckBox(tr("Open the containing folder when done"), this);
    open_->setChecked(settings.value("export/openFolder", false).toBool());
    form->addRow(tr("Output"), row);
    form->addRow(tr("Quality (CRF)"), crf_);
    form->addRow(tr("Preset"), preset_);
    form->addRow(tr("Max size"), maxSide_);
    form->addRow(audio_);
    form->addRow(open_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    form->addRow(buttons);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export MP4"), path_->text(),
                                                       tr("MP4 video (*.mp4)"));
        if (!f.isEmpty()) path_->setText(f.endsWith(".mp4") ? f : f + ".mp4");
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue("export/crf", crf_->value());
        s.setValue("export/preset", preset_->currentText());
        s.setValue("export/maxSide", maxSide_->value());
        s.setValue("export/audio", audio_->isChecked());
        s.setValue("export/openFolder", open_->isChecked());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
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
    o.audio = audio_->isChecked();
    return o;
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
