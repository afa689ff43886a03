/**
 * Postmortems: a draft written from an incident's timeline, figures and runs in the sections of Google's SRE
 * template, its response times (TTD, TTA, TTM, TTR), edited in the console, stored, exported as Markdown and PDF; and
 * the on-call analytics over many incidents.
 */
@NullMarked
package io.outrider.console.postmortem;

import org.jspecify.annotations.NullMarked;
