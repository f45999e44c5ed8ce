#include "ui/ParamForm.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <cmath>

namespace restyle::ui {

ParamForm::ParamForm(QWidget* parent) : QWidget(parent), layout_(new QFormLayout(this)) {
    layout_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
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
                spin->setValue(v.get<double>());
                const QSignalBlocker block(slider);
                slider->setValue(toSlider(v.get<double>()));
            };
            break;
        }
        case ParamType::Bool: {
            auto* box = new QCheckBox(row);
            box->setObjectName(QString::fromStdString(name));
            h->addWidget(box);
            connect(box, &QCheckBox::toggled, this, [=, this](bool on) { change(name, on); });
            setters_[name] = [=, this](const nlohmann::json& v) { box->setChecked(v.get<bool>()); };
            break;
        }
        case ParamType::Choice: {
            auto* combo = new QComboBox(row);
            combo->setObjectName(QString::fromStdString(name));
            for (const auto& c : spec.choices)
                combo->addItem(QString::fromStdString(c));
            h->addWidget(combo, 1);
            connect(combo, &QComboBox::currentTextChanged, this,
                    [=, this](const QString& t) { change(name, t.toStdString()); });
            setters_[name] = [=, this](const nlohmann::json& v) {
                combo->setCurrentText(QString::fromStdString(v.get<std::string>()));
            };
            break;
        }
        case ParamType::File: {
            auto* edit = new QLineEdit(row);
            edit->setObjectName(QString::fromStdString(name));
            edit->setPlaceholderText(spec.required ? tr("(required)") : tr("(none)"));
            auto* browse = new QPushButton(tr("Browse…"), row);
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
                edit->setText(QString::fromStdString(v.get<std::string>()));
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
            setters_[name] = [=, this](const nlohmann::json& v) {
                paint(QString::fromStdString(v.get<std::string>()));
            };
            break;
        }
        case ParamType::Text: {
            auto* edit = new QLineEdit(row);
            edit->setObjectName(QString::fromStdString(name));
            h->addWidget(edit, 1);
            connect(edit, &QLineEdit::editingFinished, this,
                    [=, this] { change(name, edit->text().toStdString()); });
            setters_[name] = [=, this](const nlohmann::json& v) {
                edit->setText(QString::fromStdString(v.get<std::string>()));
            };
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
        QString label = QString::fromStdString(spec.name);
        label.replace('_', ' ');
        label[0] = label[0].toUpper();
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
            v = spec.defaultValue;
        }
        values_[spec.name] = v;
        if (auto it = setters_.find(spec.name); it != setters_.end()) it->second(v);
    }
    updating_ = false;
}

}  // namespace restyle::ui
