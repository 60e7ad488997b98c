/*
 * oscal.h — requirement catalogues to and from NIST OSCAL 1.1.3 `catalog` JSON.
 *
 * Export is a pure function of the loaded catalogue: no clock, no randomness, fixed key order,
 * 2-space indentation, raw UTF-8. Import rebuilds a format-1 catalogue document from the OSCAL
 * one and hands it to zz_catalog_load_string, so an imported catalogue passes exactly the same
 * validation as a file (catalog.h I1–I7).
 *
 * Invariants:
 *   O1  export(c) is byte-identical on every call; export(import(export(c))) == export(c), and
 *       import(export(c)) is zz_catalog_equal to c: every field of the catalogue is carried.
 *   O2  the document is valid against oscal_complete_schema-1.1.3.json: ids are OSCAL tokens
 *       (NCName: a letter or "_" first, then letters, digits, ".", "-", "_"), prop values are
 *       non-empty with no leading or trailing white space, the uuid is a version-5-shaped UUID.
 *   O3  import reads only what export writes; anything in our namespace it does not know is an
 *       error, things in other namespaces (OSCAL's own "label", "method") are ignored.
 *
 * Mapping (ZZ_OSCAL_NS is the `ns` of every prop and part of ours):
 *
 *   catalogue          catalog
 *     uuid             SM3("zizhi-oscal/catalog\n" id "\n" version), first 16 bytes shaped as an
 *                      RFC 4122 version-5 UUID (the only name-based version the schema admits)
 *     title, version   metadata.title, metadata.version; metadata.oscal-version "1.1.3"
 *     (derived)        metadata.last-modified = source.date ("YYYY", "YYYY-MM" or "YYYY-MM-DD",
 *                      missing parts = 01) at 00:00:00+08:00; "1970-01-01T00:00:00+08:00" when
 *                      the date is absent or not of that shape (it is carried as a prop anyway)
 *     the rest         metadata.props: catalogue-id, format-version, category-id, category-name,
 *                      category-name-en, level, title-en, source-title, source-publisher,
 *                      source-date; levels as {level-number, level-name, level-name-en} and
 *                      methods as {method-id, method-name, method-name-en}, each set tied by the
 *                      prop `group` "level-<k>" / "method-<k>" (k = position from 1)
 *   group "3.2.1"      group {id "zz-3.2.1", class "section", title, props label + title-en,
 *                      groups, controls}
 *   requirement / PA   control {id "zz-3.2.3-5", class <kind>, title = text,
 *                      props label, kind, number, required ("true"|"false"), ssecmm, text-en,
 *                      parts: statement (prose = text), guidance (prose),
 *                             evidence (ns ours; prop evidence-type; prose = text), one per item,
 *                             assessment-method (OSCAL prop method EXAMINE|INTERVIEW|TEST when the
 *                               method id is document_review|interview|demonstration; prop
 *                               method-id always), one per method,
 *                             check (ns ours; props check-name, check-param "name=value"...),
 *                      controls: the base practices}
 *   base practice      control {id "zz-3.3-11.BP3", class "base-practice", title = name,
 *                      params: one per indicator {id "zz-<indicator id>", class "indicator",
 *                        props operator, unit, source, confidence; label = text;
 *                        values [decimal value]},
 *                      props label, name-en; parts statement (prose = description), source...}
 *   source             part {name "source", ns ours, props ref, clause, confidence}
 *   generic practices  the last top-level group {id "zz-generic-practices",
 *                      class "generic-practices", title "通用实践"}, one control per practice
 *                      {id "zz-GP1.1.1", class "generic-practice", title = name, props label,
 *                      level, common-feature, common-feature-name, name-en; parts statement
 *                      (prose = description), source...}
 *
 * Ids: OSCAL id = "zz-" + our id (our ids start with a digit or "GP", which NCName forbids as a
 * first character); import strips the prefix. The OSCAL `label` prop shows our id unchanged.
 * A prop value that the schema's string pattern would refuse (empty, leading or trailing white
 * space, a line break) is written as a JSON string literal with the prop's class "json"; import
 * decodes it, so every text round-trips exactly. Long texts (statement, guidance, descriptions,
 * evidence) are part prose and titles, which the schema leaves free.
 *
 * Error codes: oscal.json (not JSON), oscal.type (wrong JSON type), oscal.missing (missing field
 * or prop), oscal.duplicate (a single-valued prop given twice), oscal.unknown (a prop or part of
 * our namespace that import does not know), oscal.bad_value (bad integer, boolean, version),
 * oscal.bad_id (an id that is not ours or cannot be an OSCAL token), oscal.nomem, oscal.crypto;
 * then whatever zz_catalog_load_string reports (catalog.*). Import messages name the OSCAL JSON
 * path, e.g. "catalog.groups[2].controls[0].props: missing zizhi prop \"kind\"".
 */
#ifndef ZIZHI_OSCAL_H
#define ZIZHI_OSCAL_H

#include "zizhi/catalog.h"
#include "zizhi/errors.h"

#define ZZ_OSCAL_VERSION   "1.1.3"
#define ZZ_OSCAL_NS        "https://zizhi.example.cn/ns/oscal"
#define ZZ_OSCAL_ID_PREFIX "zz-"

/*
 * Writes cat as an OSCAL 1.1.3 catalog JSON document (2-space indent, UTF-8, ends in a newline).
 * *out_json is malloc'd; the caller frees it with free().
 */
int zz_oscal_catalog_export(char **out_json, const zz_catalog *cat, zz_err *err);

/*
 * Reads an OSCAL catalog document written by zz_oscal_catalog_export (or to the same mapping)
 * back into a catalogue. name is used in messages in place of a file name (may be NULL).
 * The caller frees *out with zz_catalog_free.
 */
int zz_oscal_catalog_import(zz_catalog **out, const char *json, const char *name, zz_err *err);

#endif
