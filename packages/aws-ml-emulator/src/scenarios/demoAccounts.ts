/** Accounts of the demo fleet; must match examples/entities.yaml. */
export const DEMO_ACCOUNTS = {
  primary: { account: '123456789012', region: 'us-east-1' },
  eu: { account: '210987654321', region: 'eu-west-1' },
} as const;

/** SageMaker endpoints of the demo fleet by catalog model (fraud-detection-v2 has none). */
export const DEMO_ENDPOINTS = {
  'recommendation-engine': ['recommendation-engine-prod'],
  'churn-prediction': ['churn-prediction-prod'],
  'demand-forecast': ['demand-forecast-prod'],
  'product-categorizer': ['product-categorizer-prod'],
  'search-ranking': ['search-ranking-prod', 'search-ranking-shadow'],
  'credit-risk-scoring': ['credit-risk-scoring'],
  'ticket-routing': ['ticket-routing-prod'],
  'loan-approval': ['loan-approval-prod'],
  // Served in us-east-1 (primary) and, named by its ARN, in the EU account's eu-west-1.
  'fraud-screening': [
    'fraud-screening-prod',
    'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/fraud-screening-prod',
  ],
  unowned: ['legacy-pricing-model', 'nlp-sandbox-endpoint'],
} as const;

export const HOURLY = 'cron(0 * ? * * *)';
export const EVERY = (hours: number) => `cron(0 */${hours} ? * * *)`;
export const DAILY_AT = (hour: number) => `cron(0 ${hour} ? * * *)`;
