#pragma once
// Export the propagated result: output path and format (MP4, FFV1 .mkv, ProRes .mov, PNG
// sequence, chosen by the output's extension), quality (CRF), preset, maximum size, keep
// audio; optionally open the containing folder afterwards.
#include <QDialog>
#include <utility>
#include <vector>

#include "media/Transcode.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace restyle::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
  public:
    ExportDialog(const QString& suggestedOutput, QWidget* parent = nullptr);

    QString output() const;
    TranscodeOptions options() const;
    void setOptions(const TranscodeOptions& options);  // a project's last export
    // A clip without sound: "Keep the audio" is off and disabled (the setting stays as it was
    // for the next clip that has sound).
    void setSourceHasAudio(bool hasAudio);
    bool openFolder() const;
    // Checked as Export is pressed (the dialog stays open otherwise): the folder exists and
    // can be written, and replacing an existing file (or image sequence) is confirmed.
    bool confirmOutput();
    // (label, extension) of each output format offered.
    static std::vector<std::pair<QString, QString>> formats();
    // NAME.restyled.mp4 for `clip`, in the folder of the last export, else beside the clip
    // when that folder is writable (not /usr/share), else in the user's Videos folder.
    static QString suggestedOutput(const QString& clip);

    // Writes the export (blocking; the dialog runs it behind a progress dialog). Returns an
    // error message, or an empty string on success.
    static QString exportVideo(const QString& result, const QString& output,
                               const TranscodeOptions& options, const ProgressCallback& progress,
                               std::stop_token stop);

  private:
    QLineEdit* path_;
    QComboBox* format_;
    QSpinBox* crf_;
    QComboBox* preset_;
    QSpinBox* maxSide_;
    QCheckBox* audio_;
    QCheckBox* open_;
    bool sourceHasAudio_ = true;
    QString confirmedReplace_;  // a path the file chooser already asked to replace
};

}  // namespace restyle::ui
