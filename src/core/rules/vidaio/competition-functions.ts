/**
 * The competition functions of the validator-vidaio v3 rule pack(s) (tokenomics v3, ../shared/reference/rules/vidaio-v3.md
 * §5 checklist rows item.compose, competition.entryScore / dedup / rank / placeShares / place, weights.compose), as pack functions: one
 * input object validated by its schema, one result. The computations live in ./competition.ts; a pack spreads
 * `competitionFunctions` into its `functions`. Vectors: vectors/validator-vidaio-competition.json.
 */
import { fn } from '../types.ts';
import { arr, bool, int, nullable, num, obj, optional, str } from '../schema.ts';
import { dedup, entryScore, place, placeShares, rank, type CompetitionRules } from './competition.ts';
import { composeWeights } from './competition-weights.ts';
import { nullable as nul, oneOf } from '../schema.ts';

const contender = obj({ hotkey: str(), uid: num({ unit: 'UID' }), score: num({ unit: 'entry score 0-1' }) });

const rulesSchema = obj({
  crownMargin: num({ unit: 'relative, (0, 10]' }),
  crownMinScore: optional(nullable(num({ unit: '0-1' }))),
  podiumMinMargin: optional(nullable(num({ unit: 'relative, [-1, 10]' }))),
  podiumMinScore: optional(nullable(num({ unit: '0-1' }))),
  crownCompetitionShare: optional(nullable(num({ unit: '0-1' }))),
  podiumCompetitionShare: optional(nullable(num({ unit: '0-1' }))),
  crownSplit: optional(nullable(arr(num({ unit: 'share' })))),
  podiumSplit: optional(nullable(arr(num({ unit: 'share' })))),
  redistributeEmptyPlaces: optional(nullable(bool())),
  noQualifierClosesWindow: optional(nullable(bool())),
});

const configSchema = obj({
  idleInferenceShare: optional(num()),
  idleBurnShare: optional(num()),
  podiumInferenceShare: optional(num()),
  podiumCompetitionShare: optional(num()),
  crownInferenceShare: optional(num()),
  crownCompetitionShare: optional(num()),
  crownSplit: optional(arr(num())),
  podiumSplit: optional(arr(num())),
  redistributeEmptyPlaces: optional(bool()),
  noQualifierClosesWindow: optional(bool()),
  breakthroughMarginFloor: optional(num()),
  resultWindowHours: optional(num({ min: 0, minExclusive: true, finite: true, unit: 'hours' })),
  competitionEmissionsEnabled: optional(bool()),
});

export const rulesInput = rulesSchema;

export const competitionFunctions = {
  // item.compose is the v3 pack's own (validator-vidaio-e76b503.ts); its vectors here run through that one.
  'competition.entryScore': fn(
    'Entry score = math.fsum(item scores)/n over the full item matrix (failed gates count as 0); a score outside [0, 1] or no items raises.',
    obj({ scores: arr(num({ unit: 'item score 0-1' })) }),
    ({ scores }) => entryScore(scores),
  ),
  'competition.dedup': fn(
    'Contenders excluded by competition dedup: scanning by UID, a later UID sharing an advertised IP (unspecified ignored), a coldkey or the full output-digest matrix is excluded.',
    obj({ candidates: arr(obj({ subjectId: str(), uid: int({ min: 0 }), coldkey: str(), ip: str(), outputDigests: arr(str()) })) }),
    ({ candidates }) => dedup(candidates),
  ),
  'competition.rank': fn(
    'Contenders sorted by (−score, hotkey, uid); duplicate hotkeys/UIDs or a score outside [0, 1] raise.',
    obj({ contenders: arr(contender) }),
    ({ contenders }) => ({ ranked: rank(contenders) }),
  ),
  'competition.placeShares': fn(
    'Fractions of the competition pot for the filled places: the split head (Decimal), divided by its sum when empty places are redistributed.',
    obj({ split: arr(num({ unit: 'share' })), filled: int(), redistribute: bool() }),
    ({ split, filled, redistribute }) => ({ shares: placeShares(split, filled, redistribute) }),
  ),
  'weights.compose': fn(
    'Weight vector per UID from the inference standing and the competition window at `now` under profile v3 or v2 (competition · place share per paid hotkey, inference pool 0.8/0.2 × 5:4:3:2:1), the remainder to the burn UID.',
    obj({
      profile: oneOf('v3', 'v2'),
      competitionEmissionsEnabled: optional(bool()),
      window: nul(
        obj({
          kind: oneOf('IDLE', 'PODIUM', 'CROWN'),
          startsAt: nul(str()),
          endsAt: nul(str()),
          podiumHotkeys: arr(str()),
          competitionShare: nul(num({ unit: '0-1' })),
          placeShares: arr(num({ unit: 'share' })),
        }),
      ),
      now: nul(str()),
      miners: arr(
        obj({
          uid: int({ min: 0 }),
          hotkey: str(),
          coldkey: str(),
          ip: str(),
          track: str(),
          accumulateScore: num({ unit: 'EWMA' }),
          excluded: optional(bool()),
        }),
      ),
      burnUid: nul(num({ unit: 'UID' })),
    }),
    (input) => composeWeights(input),
  ),
  'competition.place': fn(
    'Reward window a result opens (IDLE/PODIUM/CROWN) against the baseline: qualifiers, winner margin, paid hotkeys, place shares, competition share, [appliedAt, +168 h) and share of emission per hotkey.',
    obj({
      contenders: arr(contender),
      baselineScore: nullable(num({ unit: 'baseline entry score 0-1' })),
      hasBaseline: bool(),
      rules: nullable(rulesSchema),
      appliedAt: str(),
      now: optional(str()),
      config: optional(configSchema),
    }),
    (input) => place({ ...input, rules: input.rules as CompetitionRules | null }),
  ),
};
