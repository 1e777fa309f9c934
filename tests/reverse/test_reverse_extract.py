"""The extractor reads hand-written TypeScript with a real parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from specgen.tsread.extract import extract
from specgen.tsread.model import TsFile
from specgen.tsread.parser import SourcePos, parse_typescript


def read(source: str) -> TsFile:
    return extract(parse_typescript(source.encode("utf-8")), Path("X.ts"), "X.ts")


def test_fields_optional_markers_and_both_comment_styles() -> None:
    file = read(
        """
export interface FooParams extends CommandParams {
  /** The id */
  id: string;
  // How many,
  // at most
  limit?: number;
  tag: string; // trailing words
  plain: boolean
}
"""
    )
    interface = file.interfaces["FooParams"]
    assert interface.extends == ("CommandParams",)
    assert [(f.name, f.optional, f.description) for f in interface.fields] == [
        ("id", False, "The id"),
        ("limit", True, "How many, at most"),
        ("tag", False, "trailing words"),
        ("plain", False, ""),
    ]
    assert interface.fields[1].pos == SourcePos(7, 3)


def test_jsdoc_tags_and_lint_directives_are_not_descriptions() -> None:
    file = read(
        """
interface A {
  /**
   * Budget in MB
   * @deprecated use budget
   */
  budgetMb: number;
  // eslint-disable-next-line
  x: string;
}
"""
    )
    assert [f.description for f in file.interfaces["A"].fields] == ["Budget in MB", ""]


@pytest.mark.parametrize(
    ("written", "spec"),
    [
        ("Array<string>", "string[]"),
        ("ReadonlyArray<Item>", "Item[]"),
        ("readonly number[]", "number[]"),
        ("'a' | 'b' | null", "'a' | 'b' | null"),
        ('"x" | "y"', "'x' | 'y'"),
        ("true | false", "boolean"),
        ("object", "Record<string, unknown>"),
        ("{ [key: string]: number }", "Record<string, number>"),
        ("{ a: string, b?: number }", "{ a: string; b?: number }"),
        ("(string | null)[]", "(string | null)[]"),
        ("string | undefined", "string | undefined"),
        ("Record<string, Array<Foo>>", "Record<string, Foo[]>"),
    ],
)
def test_types_become_spec_type_expressions(written: str, spec: str) -> None:
    field = read(f"interface A {{ f: {written}; }}").interfaces["A"].fields[0]
    assert field.type.text == spec
    assert field.type.problems == ()


@pytest.mark.parametrize(
    ("written", "spec", "kind"),
    [
        ("any", "unknown", "any"),
        ("Record<string, any>", "Record<string, unknown>", "any"),
        ("() => void", "unknown", "unsupported"),
        ("[string, number]", "unknown", "unsupported"),
        ("string | number", "unknown", "unsupported"),
        ("1 | 2", "number", "unsupported"),
        ("Partial<Foo[]>", "unknown", "unsupported"),
        ("Pick<Foo, Keys>", "unknown", "unsupported"),
        ("Readonly<Foo>", "Foo", "expanded"),
        ("Record<Mode, string>", "Record<string, string>", "unsupported"),
        ("A & B", "unknown", "unsupported"),
    ],
)
def test_what_a_spec_cannot_say_is_replaced_and_reported(
    written: str, spec: str, kind: str
) -> None:
    field = read(f"interface A {{\n  f: {written};\n}}").interfaces["A"].fields[0]
    assert field.type.text == spec
    assert [p.kind for p in field.type.problems] == [kind]
    assert field.type.problems[0].pos.line == 2


def test_every_any_form_is_found_with_its_position() -> None:
    file = read(
        """
interface A { a: any; b: any[]; c: Record<string, any>; d: Promise<any> }
const x = y as any;
const z = <any>w;
"""
    )
    assert [(u.form, u.pos.line) for u in file.any_uses] == [
        (": any", 2),
        ("any[]", 2),
        ("Record<string, any>", 2),
        ("Promise<any>", 2),
        ("as any", 3),
        ("<any>", 4),
    ]


def test_the_accessor_and_its_forwarding_call_are_sanctioned() -> None:
    file = read(
        """
export const GpuStats = {
  execute(params: CommandInput<GpuStatsParams>): Promise<GpuStatsResult> {
    return Commands.execute<GpuStatsParams, GpuStatsResult>(
      'gpu/stats', params as Partial<GpuStatsParams>);
  },
  commandName: 'gpu/stats' as const,
} as const;

export async function helper(): Promise<void> {
  // Commands.execute('not/a/call') in a comment
  const text = "Commands.execute('nor/this')";
  await Commands.execute<A, B>('data/list', { text });
  await Commands.execute(`chat/send`, {});
  await other.execute('x/y', {});
}
"""
    )
    [accessor] = file.accessors
    assert (accessor.name, accessor.command_name, accessor.forwarded) == (
        "GpuStats",
        "gpu/stats",
        "gpu/stats",
    )
    assert [(c.command, c.sanctioned, c.pos.line) for c in file.execute_calls] == [
        ("gpu/stats", True, 4),
        ("data/list", False, 13),
        ("chat/send", False, 14),
    ]
    assert file.execute_calls[1].pos.column == 9


def test_arrow_accessor_without_command_name_and_unexported_objects() -> None:
    file = read(
        """
export const A = { execute: (p: P) => Commands.execute('a/b', p) };
const Hidden = { execute(p: P) { return Commands.execute('c/d', p); } };
"""
    )
    assert [(a.name, a.command_name, a.forwarded) for a in file.accessors] == [("A", None, "a/b")]
    assert [c.sanctioned for c in file.execute_calls] == [True, False]


def test_imports_reexports_aliases_and_header() -> None:
    file = read(
        """/**
 * Gpu Stats Command - Shared Types
 */
// second header line
import type { SubsystemInfo as Info } from '../../bindings/SubsystemInfo';
import { Commands } from '@system/core/shared/Commands';
export type { Info };
export { Level } from './Level';
/** Modes */
export type Mode = 'fast' | 'slow';
export type Id = string;
"""
    )
    assert len(file.header) == 2
    assert [(i.name, i.imported, i.type_only) for i in file.imports] == [
        ("Info", "SubsystemInfo", True),
        ("Commands", "Commands", False),
        ("Level", "Level", True),
    ]
    assert file.reexports == {"Info", "Level"}
    assert file.aliases["Mode"].values == ("fast", "slow")
    assert file.aliases["Mode"].description == "Modes"
    assert file.aliases["Id"].values is None


@pytest.mark.parametrize(
    ("written", "spec"),
    [
        ("\n  | 'email' // mail\n  | 'sms' /* text */\n  | 'push'", "'email' | 'sms' | 'push'"),
        ("/* the id */ string", "string"),
        ("Array</* ids */ number>", "number[]"),
        ("(/* x */ 'a' | 'b')[]", "('a' | 'b')[]"),
        ("string /* each */ []", "string[]"),
        ("Record<string, /* v */ Foo>", "Record<string, Foo>"),
        ("{ /* x */ [k: string]: /* y */ number }", "Record<string, number>"),
        ("{ a: /* c */ string }", "{ a: string }"),
    ],
)
def test_comments_inside_types_are_not_read_as_types(written: str, spec: str) -> None:
    field = read(f"interface A {{\n  f: {written};\n}}").interfaces["A"].fields[0]
    assert field.type.text == spec
    assert field.type.problems == ()


def test_a_commented_union_alias_keeps_its_values() -> None:
    file = read("export type Channel =\n  | 'email' // mail\n  | 'push' /* app */\n")
    assert file.aliases["Channel"].values == ("email", "push")


def test_comments_in_an_extends_list_are_not_bases() -> None:
    file = read(
        "export interface FooParams\n  extends CommandParams, // the base\n"
        "    /* mixin */ Other {\n  a: string\n}\n"
    )
    assert file.interfaces["FooParams"].extends == ("CommandParams", "Other")


def test_params_factory_defaults() -> None:
    file = read(
        """
export const createFooParams = (c: C, s: S, data: D): FooParams => createPayload(c, s, {
  limit: 50,
  mode: 'fast',
  ratio: -0.5,
  tags: [],
  on: true,
  computed: data.x ?? 1,
  ...data
});
"""
    )
    assert [(d.name, d.value) for d in file.defaults] == [
        ("limit", 50),
        ("mode", "fast"),
        ("ratio", -0.5),
        ("tags", []),
        ("on", True),
    ]


def test_syntax_errors_are_located_and_the_rest_is_read() -> None:
    file = read(
        """
export interface Ok { a: string }
export interface Broken {
  b: string
  c: number = 3;
}
export const X = { execute(p: P) { return Commands.execute('a/b', p); } };
"""
    )
    assert file.syntax_problems
    assert all(p.pos.line >= 3 for p in file.syntax_problems)
    assert "Ok" in file.interfaces


def test_a_syntax_error_is_located_at_the_stray_token_not_the_members_before_it() -> None:
    file = read(
        "export interface A {\n"
        "  /** ok */\n"
        "  filter?: string\n"
        "  /** broken */\n"
        "  limit?: number = 3 {{\n"
        "  sort?: string\n"
        "}\n"
    )
    first = file.syntax_problems[0]
    assert first.pos == SourcePos(5, 18)
    assert first.message == "unexpected '= 3 {{'"


def test_non_ascii_columns_count_characters() -> None:
    file = read("interface A {\n  /** Größe */ é: number; f: any;\n}\n")
    assert file.any_uses[0].pos == SourcePos(2, 30)


def test_an_intersection_with_object_types_is_an_interface() -> None:
    file = read(
        """
export type FooParams = CommandParams & Paged<Item> & { id: string } & { limit?: number };
type NoOwnFields = CommandParams & Extra;
type Mixed = CommandParams & ('a' | 'b');
"""
    )
    params = file.interfaces["FooParams"]
    assert params.extends == ("CommandParams", "Paged")
    assert [(f.name, f.optional) for f in params.fields] == [("id", False), ("limit", True)]
    assert sorted(file.aliases) == ["Mixed", "NoOwnFields"]  # neither declares a field


def test_type_parameter_defaults_are_read() -> None:
    file = read("interface Range<T = number, K extends string = 'a' | 'b', V> { start: T }\n")
    interface = file.interfaces["Range"]
    assert interface.type_params == ("T", "K", "V")
    assert [d.text if d else None for d in interface.param_defaults] == [
        "number",
        "'a' | 'b'",
        None,
    ]
