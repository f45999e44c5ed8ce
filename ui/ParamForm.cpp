#include "ui/ParamForm.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <cmath>

namespace restyle::ui {

namespace {

// A focused spin box or line edit takes Ctrl+Z for its own text undo, so the application's
// Undo never fires while the artist is in the form. Values commit when editing finishes, so
// the application's undo stack is the one that matters: let the shortcut through.
class UndoPassThrough : public QObject {
  public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* e) override {
        if (e->type() == QEvent::ShortcutOverride) {
            auto* k = static_cast<QKeyEvent*>(e);
            if (k->matches(QKeySequence::Undo) || k->matches(QKeySequence::Redo)) {
                e->ignore();
                return true;
            }
        }
        return QObject::eventFilter(watched, e);
    }
};

QString stringOf(const nlohmann::json& v) {
    return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString();
}

double numberOf(const nlohmann::json& v, double fallback) {
    return v.is_number() ? v.get<double>() : fallback;
}

}  // namespace

QString ParamForm::labelOf(const std::string& name) {
    QString label = QString::fromStdString(name);
    label.replace('_', ' ');
    return label;
}

ParamForm::ParamForm(QWidget* parent)
    : QWidget(parent), layout_(new QFormLayout(this)), undoFilter_(new UndoPassThrough(this)) {
    layout_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
}

std::vector<std::string> ParamForm::missingRequired() const {
    std::vector<std::string> missing;
    for (const auto& spec : schema_)
        if (spec.required && stringOf(values_.value(spec.name, nlohmann::json())).isEmpty())
            missing.push_back(spec.name);
    return missing;
}

void ParamForm::change(const std::string& name, const nlohmann::json& value) {
    if (updating_) return;
    values_[name] = value;
    Q_EMIT edited(QString::fromStdString(name), values_);
}

QWidget* ParamForm::makeEditor(const ParamSpec& spec) {
    const std::string name = spec.name;
    auto* row = new QWidget(this);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    switch (spec.type) {
        case ParamType::Int:
        case ParamType::Float: {
            const bool isInt = spec.type == ParamType::Int;
            const int steps = isInt ? int(spec.max - spec.min) : 1000;
            auto* slider = new QSlider(Qt::Horizontal, row);
            slider->setRange(0, std::max(1, steps));
            auto* spin = new QDoubleSpinBox(row);
            spin->setRange(spec.min, spec.max);
            spin->setDecimals(isInt ? 0 : (spec.max - spec.min <= 2 ? 3 : 1));
            spin->setSingleStep(isInt ? 1 : (spec.max - spec.min) / 100);
            spin->setObjectName(QString::fromStdString(name));
            // Typing commits on Enter or leaving the box, not on every keystroke.
            spin->setKeyboardTracking(false);
            spin->installEventFilter(undoFilter_);
            spin->setToolTip(QString::fromStdString(spec.description));
            slider->setToolTip(QString::fromStdString(spec.description));
            h->addWidget(slider, 1);
            h->addWidget(spin);
            auto toSlider = [=, this](double v) {
                return int(std::lround((v - spec.min) / (spec.max - spec.min) * steps));
            };
            connect(slider, &QSlider::valueChanged, spin, [=, this](int s) {
                if (spin->hasFocus()) return;
                spin->setValue(spec.min + (spec.max - spec.min) * s / std::max(1, steps));
            });
            connect(spin, &QDoubleSpinBox::valueChanged, this, [=, this](double v) {
                const QSignalBlocker block(slider);
                slider->setValue(toSlider(v));
                change(name, isInt ? nlohmann::json(int64_t(std::lround(v))) : nlohmann::json(v));
            });
            setters_[name] = [=, this](const nlohmann::json& v) {
                const double d = numberOf(v, numberOf(spec.defaultValue, spec.min));
                spin->setValue(d);
                const QSignalBlocker block(slider);
                slider->setValue(toSlider(d));
            };
            break;
        }
        case ParamType::Bool: {
            auto* box = new QCheckBox(row);
            box->setObjectName(QString::fromStdString(name));
            box->setToolTip(QString::fromStdString(spec.description));
            h->addWidget(box);
            connect(box, &QCheckBox::toggled, this, [=, this](bool on) { change(name, on); });
            setters_[name] = [=, this](const nlohmann::json& v) {
                box->setChecked(v.is_boolean() && v.get<bool>());
            };
            break;
        }
        case ParamType::Choice: {
            auto* combo = new QComboBox(row);
            combo->setObjectName(QString::fromStdString(name));
            combo->setToolTip(QString::fromStdString(spec.description));
            for (const auto& c : spec.choices)
                combo->addItem(QString::fromStdString(c));
            h->addWidget(combo, 1);
            connect(combo, &QComboBox::currentTextChanged, this,
                    [=, this](const QString& t) { change(name, t.toStdString()); });
            setters_[name] = [=, this](const nlohmann::json& v) {
                combo->setCurrentText(stringOf(v));
            };
            break;
        }
        case ParamType::File: {
            auto* edit = new QLineEdit(row);
            edit->setObjectName(QString::fromStdString(name));
            edit->setPlaceholderText(spec.required ? tr("required") : tr("(none)"));
            edit->installEventFilter(undoFilter_);
            auto* browse = new QPushButton(tr("Browse…"), row);
            browse->setToolTip(
                tr("Choose the file: %1").arg(QString::fromStdString(spec.description)));
            edit->setToolTip(QString::fromStdString(spec.description));
            h->addWidget(edit, 1);
            h->addWidget(browse);
            connect(edit, &QLineEdit::editingFinished, this,
                    [=, this] { change(name, edit->text().toStdString()); });
            connect(browse, &QPushButton::clicked, this, [=, this] {
                const QString f = QFileDialog::getOpenFileName(
                    this, QString::fromStdString(spec.description), edit->text(),
                    QString::fromStdString(spec.fileFilter));
                if (f.isEmpty()) return;
                edit->setText(f);
                change(name, f.toStdString());
            });
            setters_[name] = [=, this](const nlohmann::json& v) {
                edit->setText(stringOf(v));
                // A required file not chosen yet is marked; the editor shows no preview.
                const bool missing = spec.required && edit->text().isEmpty();
                edit->setProperty("missing", missing);
                edit->setStyleSheet(missing ? "QLineEdit { border: 2px solid #d9534f; }" : "");
            };
            break;
        }
        case ParamType::Color: {
            auto* button = new QPushButton(row);
            button->setObjectName(QString::fromStdString(name));
            h->addWidget(button);
            auto paint = [=, this](const QString& hex) {
                button->setText(hex);
                button->setStyleSheet(
                    QString("background-color: %1; color: %2")
                        .arg(hex, QColor(hex).lightness() > 128 ? "black" : "white"));
            };
            connect(button, &QPushButton::clicked, this, [=, this] {
                const QColor c = QColorDialog::getColor(QColor(button->text()), this);
                if (!c.isValid()) return;
                paint(c.name());
                change(name, c.name().toStdString());
            });
            button->setToolTip(QString::fromStdString(spec.description));
            setters_[name] = [=, this](const nlohmann::json& v) {
                paint(stringOf(v).isEmpty() ? QString("#000000") : stringOf(v));
            };
            break;
        }
        case ParamType::Text: {
            auto* edit = new QLineEdit(row);
            edit->setObjectName(QString::fromStdString(name));
            edit->setToolTip(QString::fromStdString(spec.description));
            edit->installEventFilter(undoFilter_);
            h->addWidget(edit, 1);
            connect(edit, &QLineEdit::editingFinished, this,
                    [=, this] { change(name, edit->text().toStdString()); });
            setters_[name] = [=, this](const nlohmann::json& v) { edit->setText(stringOf(v)); };
            break;
        }
    }
    row->setToolTip(QString::fromStdString(spec.description));
    return row;
}

void ParamForm::setSchema(const std::vector<ParamSpec>& schema, const nlohmann::json& values) {
    while (layout_->rowCount() > 0)
        layout_->removeRow(0);
    setters_.clear();
    schema_ = schema;
    for (const auto& spec : schema) {
        QString label = labelOf(spec.name);
        if (!label.isEmpty()) label[0] = label[0].toUpper();
        if (spec.required) label += " *";
        layout_->addRow(label, makeEditor(spec));
    }
    setValues(values);
}

void ParamForm::setValues(const nlohmann::json& given) {
    updating_ = true;
    values_ = nlohmann::json::object();
    for (const auto& spec : schema_) {
        nlohmann::json v = given.contains(spec.name) ? given[spec.name] : spec.defaultValue;
        // Values from the command line or a job may be strings; the form shows typed values.
        try {
            v = resolveParams("form", {spec}, nlohmann::json{{spec.name, v}})[spec.name];
        } catch (const std::exception&) {
            // A file that is not there keeps its path (a typo stays visible; the preview
            // says the file does not exist); other bad values fall back to the default.
            if (!(spec.type == ParamType::File && v.is_string())) v = spec.defaultValue;
        }
        values_[spec.name] = v;
        if (auto it = setters_.find(spec.name); it != setters_.end()) it->second(v);
    }
    updating_ = false;
}

}  // namespace restyle::ui
