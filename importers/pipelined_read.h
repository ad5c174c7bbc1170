// Reads a zip entry with inflating on a worker thread and consuming on the
// calling thread, so that inflating and XML parsing overlap (two cores).
//
// Same contract as ZipArchive::read: true when the entry was read whole and
// verified; false when the consumer stopped (nothing appended) or a check
// failed (the archive's problem appended). Small entries are read inline. At
// most four 256 KiB blocks are in flight. The consumer runs on the caller's
// thread only.
#pragma once

#include "forms/problem.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

bool read_pipelined(const ZipArchive& archive, const ZipEntry& entry,
                    const ZipArchive::ChunkFn& consume, Problems& problems);

}  // namespace ipsurvey::importers
