#pragma once
// How a batch-queue entry reads: the row (clip, output, state, and the recipe it was queued
// with, so two jobs of one clip can be told apart) and its tooltip (every setting the job
// runs with).
#include <QString>

#include "jobs/JobQueue.h"

namespace restyle::ui {

// "engine · editor at frame · … · CRF 18, medium": what the job will do, in one line.
QString recipeSummary(const Job& job);
QString queueRowText(const QueueEntry& e);
QString queueRowTooltip(const QueueEntry& e);

}  // namespace restyle::ui
